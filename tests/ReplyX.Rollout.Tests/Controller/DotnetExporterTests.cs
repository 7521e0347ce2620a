using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using ReplyX.Rollout.Controller.Metrics;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// What the OpenTelemetry .NET SDK's OTLP/HTTP protobuf exporter really sends, with its defaults (explicit buckets,
/// cumulative) and as the workload configures it (exponential, delta), from two meters (two scopes per request):
/// read as treatment and control by the semantic-convention feature-flag attributes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DotnetExporterTests(PostgresServerFixture postgres)
{
    private const string Flag = "replyx.search.dotnet-ranking";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_dotnet_sdk_s_exports_are_read_as_treatment_and_control(bool exponentialDelta)
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "dotnet_otlp_" + (exponentialDelta ? "exp" : "explicit"));
        await using var host = new ControllerHost(settings);
        host.UseKestrel(0);
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var from = TimeProvider.System.GetUtcNow().AddSeconds(-5);
        var scopes = new[] { $"dotnet-search-api-{exponentialDelta}", $"dotnet-search-worker-{exponentialDelta}" };

        var builder = Sdk.CreateMeterProviderBuilder()
            .AddMeter(scopes)
            .ConfigureResource(resource => resource.AddService("dotnet-search"))
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri(new Uri(address), "/v1/metrics");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.TemporalityPreference = exponentialDelta ? MetricReaderTemporalityPreference.Delta : MetricReaderTemporalityPreference.Cumulative;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
            });
        if (exponentialDelta)
        {
            builder.AddView(OtlpMetricsReceiver.RequestDuration, new Base2ExponentialBucketHistogramConfiguration());
        }

        using (var provider = builder.Build())
        {
            using var meters = new DisposableMeters(scopes);
            // The semantic convention's advised bounds, which ASP.NET Core itself declares for this histogram.
            var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] };
            var histograms = meters.Meters.Select(m => m.CreateHistogram(OtlpMetricsReceiver.RequestDuration, "s", null, null, advice)).ToArray();
            void Record(string variant, int n, double low, double high)
            {
                for (var i = 0; i < n; i++)
                {
                    histograms[i % 2].Record(low * Math.Pow(high / low, (i + 0.5) / n),
                        new("feature_flag.key", Flag), new("feature_flag.result.variant", variant), new("http.response.status_code", 200));
                }
            }

            Record(SeriesKey.Treatment, 10, 0.15, 0.3);
            Record(SeriesKey.Control, 10, 0.075, 0.15);
            provider.ForceFlush();
            for (var half = 0; half < 2; half++)
            {
                Record(SeriesKey.Treatment, 200, 0.15, 0.3);
                Record(SeriesKey.Control, 800, 0.075, 0.15);
                provider.ForceFlush();
            }
        }

        var metrics = host.Services.GetRequiredService<IMetricsSource>();
        var expected = exponentialDelta ? 2_020 : 2_000;
        var to = TimeProvider.System.GetUtcNow().AddSeconds(5);
        for (var attempt = 0; attempt < 100 && metrics.AllTraffic(from, to).Count < expected; attempt++)
        {
            await Task.Delay(100);
        }

        var treatment = metrics.Window(Flag, SeriesKey.Treatment, from, to);
        var control = metrics.Window(Flag, SeriesKey.Control, from, to);
        if (exponentialDelta)
        {
            Assert.Equal((410L, 1610L), (treatment.Count, control.Count));
            Assert.InRange(treatment.Histogram.Quantile(0.95)!.Value, 0.289 * 0.95, 0.289 * 1.05);
        }
        else
        {
            // The first export of each cumulative stream (2 scopes x 2 variants) is its reference.
            Assert.Equal((400L, 1600L), (treatment.Count, control.Count));
            Assert.Equal(4, host.Services.GetRequiredService<CumulativeStreams>().ReferencePoints);
            Assert.InRange(treatment.Histogram.Quantile(0.95)!.Value, 0.25, 0.5);
        }

        Assert.True(treatment.Histogram.Quantile(0.95) > 1.5 * control.Histogram.Quantile(0.95));
    }

    private sealed class DisposableMeters(string[] names) : IDisposable
    {
        public Meter[] Meters { get; } = [.. names.Select(n => new Meter(n))];

        public void Dispose()
        {
            foreach (var meter in Meters)
            {
                meter.Dispose();
            }
        }
    }
}
