using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using ReplyX.Rollout.Controller.Metrics.Otlp;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// Evidence kept in PostgreSQL: two controller replicas taking a workload's exports in turn both see all of them (so
/// the leader judges on the full evidence), and a controller killed after receiving metrics reads them again when it
/// comes back.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedEvidenceTests(PostgresServerFixture postgres)
{
    private const string Flag = "replyx.messages.keyset-pages";

    [Fact]
    public async Task Two_replicas_receiving_exports_in_turn_each_see_the_full_evidence()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "shared_two");
        using var a = await ControllerProcess.StartAsync(settings);
        using var b = await ControllerProcess.StartAsync(settings);

        // 20 exports round-robin, each 30 treatment and 70 control requests.
        for (var export = 0; export < 20; export++)
        {
            await PostAsync(export % 2 == 0 ? a : b, TimeProvider.System.GetUtcNow(), treatment: 30, control: 70);
        }

        foreach (var replica in new[] { a, b })
        {
            var seen = await SeriesAsync(replica, s => s.GetValueOrDefault("treatment") == 600 && s.GetValueOrDefault("control") == 1400);
            Assert.Equal((600L, 1400L), (seen.GetValueOrDefault("treatment"), seen.GetValueOrDefault("control")));
        }

        // One of them leads; whichever it is, its guardrails read all 20 exports, half of which reached the other.
        var leaders = 0;
        for (var attempt = 0; attempt < 50 && leaders == 0; attempt++, await Task.Delay(100))
        {
            leaders = (await Controller(a)).GetProperty("leader").GetBoolean() ? 1 : 0;
            leaders += (await Controller(b)).GetProperty("leader").GetBoolean() ? 1 : 0;
        }

        Assert.Equal(1, leaders);
    }

    [Fact]
    public async Task A_controller_killed_after_receiving_metrics_reads_them_again_when_it_restarts()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "shared_restart");
        using (var first = await ControllerProcess.StartAsync(settings))
        {
            for (var export = 0; export < 5; export++)
            {
                await PostAsync(first, TimeProvider.System.GetUtcNow().AddSeconds(-export), treatment: 40, control: 60);
            }

            await SeriesAsync(first, s => s.GetValueOrDefault("treatment") == 200);
            first.Kill();
        }

        using var second = await ControllerProcess.StartAsync(settings);
        var seen = await SeriesAsync(second, s => s.GetValueOrDefault("treatment") == 200 && s.GetValueOrDefault("control") == 300);

        Assert.Equal((200L, 300L), (seen.GetValueOrDefault("treatment"), seen.GetValueOrDefault("control")));
        var status = await Status(second);
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("lastReceivedAt").ValueKind);
        Assert.Equal(0, status.GetProperty("replica").GetProperty("rowsWritten").GetInt64());
    }

    private static async Task PostAsync(ControllerProcess replica, DateTimeOffset at, ulong treatment, ulong control)
    {
        var histogram = new ExponentialHistogram { AggregationTemporality = AggregationTemporality.Delta };
        histogram.DataPoints.Add(Point(SeriesKey.Treatment, at, LatencyHistogram.IndexOf(0.02, 4), treatment));
        histogram.DataPoints.Add(Point(SeriesKey.Control, at, LatencyHistogram.IndexOf(0.04, 4), control));
        var scope = new ScopeMetrics();
        scope.Metrics.Add(new Metric { Name = "http.server.request.duration", Unit = "s", ExponentialHistogram = histogram });
        var resource = new ResourceMetrics();
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await replica.Client.PostAsync("/v1/metrics", content);
        response.EnsureSuccessStatusCode();
    }

    private static ExponentialHistogramDataPoint Point(string variant, DateTimeOffset at, int index, ulong count)
    {
        var point = new ExponentialHistogramDataPoint
        {
            Scale = 4,
            Count = count,
            TimeUnixNano = (ulong)(at.ToUnixTimeMilliseconds() * 1_000_000),
            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = index },
        };
        point.Positive.BucketCounts.Add(count);
        point.Attributes.Add(new KeyValue { Key = "feature_flag.key", Value = new AnyValue { StringValue = Flag } });
        point.Attributes.Add(new KeyValue { Key = "feature_flag.result.variant", Value = new AnyValue { StringValue = variant } });
        return point;
    }

    /// <summary>Requests per variant of the flag as the replica's guardrails read them, once <paramref name="done"/> holds (or after 15 s).</summary>
    private static async Task<Dictionary<string, long>> SeriesAsync(ControllerProcess replica, Func<Dictionary<string, long>, bool> done)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(15);
        while (true)
        {
            var series = (await Status(replica)).GetProperty("series").EnumerateArray()
                .Where(s => s.GetProperty("flag").GetString() == Flag)
                .ToDictionary(s => s.GetProperty("variant").GetString()!, s => s.GetProperty("requests").GetInt64());
            if (done(series) || TimeProvider.System.GetUtcNow() > deadline)
            {
                return series;
            }

            await Task.Delay(200);
        }
    }

    private static async Task<JsonElement> Status(ControllerProcess replica) =>
        JsonDocument.Parse(await replica.Client.GetStringAsync("/api/metrics")).RootElement.Clone();

    private static async Task<JsonElement> Controller(ControllerProcess replica) =>
        JsonDocument.Parse(await replica.Client.GetStringAsync("/api/controller")).RootElement.Clone();
}
