using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ReplyX.Rollout.Controller.Metrics;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// What the OpenTelemetry JS SDK really sends (its OTLP/HTTP protobuf exporter, a client nobody here wrote) reaches the
/// guardrails' metrics source as treatment and control by the semantic-convention feature-flag attributes: the SDK's
/// defaults (explicit buckets, cumulative, converted to deltas per stream) and exponential histograms with delta
/// temporality, two scopes in each request.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NodeExporterTests(PostgresServerFixture postgres)
{
    private const string Flag = "replyx.search.node-ranking";

    [SkippableTheory]
    [InlineData("explicit-cumulative")]
    [InlineData("exponential-delta")]
    public async Task A_node_service_s_request_durations_are_read_as_treatment_and_control(string mode)
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "node_otlp_" + mode.Replace('-', '_'));
        await using var host = new ControllerHost(settings);
        host.UseKestrel(0);
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var from = TimeProvider.System.GetUtcNow().AddSeconds(-5);

        await NodeClients.RunAsync("otlp-metrics.mjs", [address, mode, Flag, "400", "1600"]);

        // What the guardrails read: the replica's cache of the shared store, filled within a flush and a mirror poll.
        var metrics = host.Services.GetRequiredService<IMetricsSource>();
        var expected = mode == "explicit-cumulative" ? 2_000 : 2_020;
        var to = TimeProvider.System.GetUtcNow().AddSeconds(5);
        for (var attempt = 0; attempt < 100 && metrics.AllTraffic(from, to).Count < expected; attempt++)
        {
            await Task.Delay(100);
        }

        var treatment = metrics.Window(Flag, SeriesKey.Treatment, from, to);
        var control = metrics.Window(Flag, SeriesKey.Control, from, to);
        var streams = host.Services.GetRequiredService<CumulativeStreams>();
        if (mode == "explicit-cumulative")
        {
            // The warm-up export only set each stream's reference (2 scopes x 2 variants); what followed is counted once.
            Assert.Equal((400L, 1600L), (treatment.Count, control.Count));
            Assert.Equal(4, streams.ReferencePoints);
            // Log-uniform 150-300 ms has its p95 at 289 ms; the advised bounds put it in (250, 500] ms, read inside it.
            Assert.InRange(treatment.Histogram.Quantile(0.95)!.Value, 0.25, 0.5);
            Assert.InRange(control.Histogram.Quantile(0.95)!.Value, 0.1, 0.25);
        }
        else
        {
            Assert.Equal((410L, 1610L), (treatment.Count, control.Count));
            Assert.Equal(0, streams.ReferencePoints);
            Assert.InRange(treatment.Histogram.Quantile(0.95)!.Value, 0.289 * 0.95, 0.289 * 1.05);
            Assert.InRange(control.Histogram.Quantile(0.95)!.Value, 0.1445 * 0.95, 0.1445 * 1.05);
        }

        Assert.True(treatment.Histogram.Quantile(0.95) > 1.5 * control.Histogram.Quantile(0.95));
    }
}
