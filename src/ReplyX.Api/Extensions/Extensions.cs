using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using ReplyX.Api.Apis;
using ReplyX.Api.Data;
using ReplyX.Api.Flags;

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
        builder.AddPhaseFlags();
        builder.Services.AddSingleton<WorkloadDataSources>();
    }

    public static void MapReplyXApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<CallerIdentityFilter>().AddEndpointFilter<DrillFilter>().AddEndpointFilter<PoolRoutingFilter>();
        api.MapDialogsApi();
        api.MapKnowledgeApi();
    }

    private static void AddPhaseFlags(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("ReplyX:Flags").Get<FlagsOptions>() ?? new FlagsOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<ControllerFeatureDefinitionProvider>();
        // Registered before AddFeatureManagement so it replaces the configuration-backed provider.
        builder.Services.AddSingleton<IFeatureDefinitionProvider>(services => services.GetRequiredService<ControllerFeatureDefinitionProvider>());
        builder.Services.AddFeatureManagement().WithTargeting<CallerTargetingContextAccessor>();
        builder.Services.AddSingleton<PhaseFlags>();
        builder.Services.AddHttpClient<FlagsPoller>(client =>
        {
            client.BaseAddress = options.Controller;
            client.Timeout = TimeSpan.FromSeconds(2);
        });
        builder.Services.AddHostedService(services => services.GetRequiredService<FlagsPoller>());
    }
}
