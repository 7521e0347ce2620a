using ReplyX.Api.Apis;

namespace ReplyX.Api.Extensions;

internal static class Extensions
{
    /// <summary>The workload's database: one data source, named like the Aspire resource that provides it.</summary>
    public const string DatabaseName = "replyx";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(DatabaseName);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
    }

    public static void MapReplyXApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<CallerIdentityFilter>();
        api.MapDialogsApi();
        api.MapKnowledgeApi();
    }
}
