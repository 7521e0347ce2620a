using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The one set of service defaults every ReplyX process shares: OpenTelemetry over OTLP,
/// health endpoints, service discovery and HTTP resilience.
/// </summary>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";

    /// <summary>Our own telemetry sources; the names live here so every process exports them.</summary>
    public static readonly string[] ReplyXTelemetrySources =
    [
        "ReplyX.Rollout.Controller",
        "ReplyX.Api",
        "ReplyX.LoadGen",
    ];

    /// <summary>The metric the rollout guardrails read.</summary>
    public const string RequestDuration = "http.server.request.duration";

    /// <summary>Where to export metrics for the rollout controller's guardrails (its base address), when set.</summary>
    public const string GuardrailMetricsEndpoint = "ReplyX:GuardrailMetrics:Endpoint";

    /// <summary>The controller's ingest token (<c>Rollout:IngestToken</c>), sent with the guardrail metrics when set.</summary>
    public const string GuardrailMetricsToken = "ReplyX:GuardrailMetrics:Token";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(ReplyXTelemetrySources)
                // The default explicit buckets put 100-250 ms in one bucket: far too coarse to see a 20% change.
                .AddView(RequestDuration, new Base2ExponentialBucketHistogramConfiguration()))
            .WithTracing(tracing => tracing
                .AddSource(ReplyXTelemetrySources)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => UntracedRequests.IsTraced(context.Request.Path.Value))
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request => UntracedRequests.IsTraced(request.RequestUri?.AbsolutePath)));

        // UseOtlpExporter() refuses to share a service collection with AddOtlpExporter(), and the workload needs a
        // second, named metrics exporter to the controller; so every signal gets its own AddOtlpExporter.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Logging.AddOpenTelemetry(logging => logging.AddOtlpExporter());
            builder.Services.AddOpenTelemetry()
                .WithMetrics(metrics => metrics.AddOtlpExporter())
                .WithTracing(tracing => tracing.AddOtlpExporter());
        }

        if (builder.Configuration[GuardrailMetricsEndpoint] is { Length: > 0 } controller)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddOtlpExporter("controller", (exporter, reader) =>
            {
                exporter.Endpoint = new Uri(new Uri(controller), "/v1/metrics");
                exporter.Protocol = OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf;
                if (builder.Configuration[GuardrailMetricsToken] is { Length: > 0 } token)
                {
                    exporter.Headers = $"Authorization=Bearer {token}";
                }

                // Deltas every second: the controller sums windows itself and must see a change within seconds.
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 1000;
            }));
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains("live"),
        });
        return app;
    }
}
