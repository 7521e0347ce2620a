using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Alerts;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Leadership;
using ReplyX.Rollout.Controller.Metrics;
using ReplyX.Rollout.Controller.Persistence;
using ReplyX.Rollout.Controller.Phases;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Controller.Telemetry;

namespace ReplyX.Rollout.Controller.Extensions;

internal static class Extensions
{
    /// <summary>The controller's state database, named like the Aspire resource that provides it.</summary>
    public const string DatabaseName = "rollout";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // The controller's own bookkeeping queries would bury the rollout's spans; its DDL against the target stays traced.
        // Named for this replica: a successor that takes over from a frozen leader ends exactly its sessions.
        builder.AddNpgsqlDataSource(DatabaseName, settings => settings.DisableTracing = true,
            dataSource => dataSource.ConnectionStringBuilder.ApplicationName = LeaderElection.SessionName);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<ControllerOptions>().BindConfiguration(ControllerOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<ControllerOptions>>().Value;
            var name = options.TargetConnectionName;
            return new RolloutTarget(builder.Configuration.GetConnectionString(name)
                ?? throw new InvalidOperationException($"No connection string '{name}' for the target database (ConnectionStrings__{name})."),
                builder.Configuration.GetConnectionString(options.StandbyConnectionName));
        });
        builder.Services.AddOptions<LeadershipOptions>().BindConfiguration(LeadershipOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services => new LeaderElection(
            builder.Configuration.GetConnectionString(DatabaseName) ?? throw new InvalidOperationException($"No connection string '{DatabaseName}'."),
            services.GetRequiredService<IOptions<LeadershipOptions>>().Value, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<LeaderElection>>()));
        builder.Services.AddSingleton<WriterFence>();
        builder.Services.AddSingleton<TargetFence>();
        builder.Services.AddSingleton<RolloutStore>();
        builder.Services.AddSingleton<FlagStore>();
        builder.Services.AddSingleton<PhaseCatalog>();
        builder.Services.AddSingleton<EngineSignal>();
        builder.Services.AddSingleton<RolloutTelemetry>();
        builder.Services.AddSingleton<TargetGuard>();
        builder.Services.AddSingleton<RunTransitions>();
        builder.Services.AddSingleton<RunPhases>();
        builder.Services.AddSingleton<Requests.RequestHandler>();
        builder.Services.AddSingleton<Preflight.PreflightReconciler>();
        builder.Services.AddSingleton<Steps.OwnershipLedger>();
        builder.Services.AddSingleton<Steps.StepOwnership>();
        builder.Services.AddSingleton<Steps.StepRunner>();
        builder.Services.AddSingleton<Steps.ApplyReconciler>();
        builder.Services.AddSingleton<Steps.ContractReconciler>();
        builder.Services.AddSingleton<Verdicts.EvidenceCollector>();
        builder.Services.AddSingleton<Verdicts.RunLooks>();
        builder.Services.AddSingleton<Reports.RunReportReader>();
        builder.Services.AddSingleton<Reviews.ReviewReader>();
        builder.Services.AddSingleton<Verdicts.CriteriaVerdicts>();
        builder.Services.AddSingleton<Ramp.Settling>();
        builder.Services.AddSingleton<Ramp.SilencePause>();
        builder.Services.AddSingleton<Ramp.RampReconciler>();
        builder.Services.AddSingleton<Rollback.AutomaticRollback>();
        builder.Services.AddSingleton<Rollback.RollbackReconciler>();
        builder.Services.AddSingleton<Rollback.Recovery>();
        builder.Services.AddSingleton<RolloutReconciler>();
        builder.Services.AddSingleton<OtlpMetricsStore>();
        builder.Services.AddSingleton<CumulativeStreams>();
        builder.Services.AddSingleton<MetricsOutbox>();
        builder.Services.AddSingleton<MetricSources>();
        builder.Services.AddSingleton<IMetricsSink>(services => services.GetRequiredService<MetricsOutbox>());
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MetricsPersister>();
        builder.Services.AddSingleton<MetricsMirror>();
        builder.Services.AddSingleton<ReplyX.Rollout.Core.Metrics.IMetricsSource>(services => services.GetRequiredService<OtlpMetricsStore>());
        builder.Services.AddSingleton<AlertPublisher>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<AlertDelivery>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AlertDelivery>());
        // WebhookSender owns the retries (each one recorded), so the standard handler's would only multiply them.
        builder.Services.AddHttpClient(WebhookSender.ClientName).WithoutStandardResilience();
        // Starting a capacity run is not idempotent: a retried POST would start a second run beside the first.
        builder.Services.AddHttpClient<ReplyX.Rollout.Core.Gates.ICapacityLoad, Gates.LoadGeneratorClient>((services, client) =>
            client.BaseAddress = services.GetRequiredService<IOptions<ControllerOptions>>().Value.LoadGenerator)
            .WithoutStandardResilience();
        builder.Services.AddSingleton<Gates.GateRunner>();
        builder.Services.AddHostedService<ControllerSchemaMigrator>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MetricsPersister>());
        builder.Services.AddHostedService(services => services.GetRequiredService<MetricsMirror>());
        builder.Services.AddHostedService<RolloutEngine>();
        builder.Services.AddOptions<Risks.RiskMonitorOptions>().BindConfiguration(Risks.RiskMonitorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Risks.RiskStateStore>();
        builder.Services.AddSingleton<Risks.RiskReader>();
        builder.Services.AddSingleton<Risks.RiskMonitorTick>();
        builder.Services.AddHostedService<Risks.RiskMonitor>();
    }
}
