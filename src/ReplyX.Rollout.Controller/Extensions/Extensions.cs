using ReplyX.Rollout.Controller.Persistence;

namespace ReplyX.Rollout.Controller.Extensions;

internal static class Extensions
{
    /// <summary>The controller's state database, named like the Aspire resource that provides it.</summary>
    public const string DatabaseName = "rollout";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(DatabaseName);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<ControllerSchemaMigrator>();
    }
}
