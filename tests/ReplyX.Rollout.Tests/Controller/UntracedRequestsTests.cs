using System.Collections.Concurrent;
using System.Diagnostics;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// The workloads' flag polls and metric posts are machinery: the controller's ASP.NET Core instrumentation drops
/// them from tracing while a rollout request keeps its trace. Each request carries its own trace id so only this
/// test's server activities are read.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class UntracedRequestsTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Flag_polls_and_metric_posts_are_not_recorded_and_a_rollout_read_is()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "untraced");
        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        var recorded = new ConcurrentDictionary<ActivityTraceId, bool>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => recorded[activity.TraceId] = activity.Recorded,
        };
        ActivitySource.AddActivityListener(listener);

        var flags = await SendAsync(client, HttpMethod.Get, "/api/flags");
        var metrics = await SendAsync(client, HttpMethod.Post, "/v1/metrics");
        var health = await SendAsync(client, HttpMethod.Get, "/health");
        var rollouts = await SendAsync(client, HttpMethod.Get, "/api/rollouts");

        Assert.False(await RecordedAsync(recorded, flags), "GET /api/flags was traced");
        Assert.False(await RecordedAsync(recorded, metrics), "POST /v1/metrics was traced");
        Assert.False(await RecordedAsync(recorded, health), "GET /health was traced");
        Assert.True(await RecordedAsync(recorded, rollouts), "GET /api/rollouts was not traced");
    }

    private static async Task<ActivityTraceId> SendAsync(HttpClient client, HttpMethod method, string path)
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent([]);
            request.Content.Headers.ContentType = new("application/x-protobuf");
        }

        using var response = await client.SendAsync(request);
        return traceId;
    }

    private static async Task<bool> RecordedAsync(ConcurrentDictionary<ActivityTraceId, bool> recorded, ActivityTraceId traceId)
    {
        // The server activity stops just after the response is written.
        for (var attempt = 0; attempt < 100 && !recorded.ContainsKey(traceId); attempt++)
        {
            await Task.Delay(20);
        }

        return recorded.TryGetValue(traceId, out var value) ? value : throw new Xunit.Sdk.XunitException($"no server activity for trace {traceId}");
    }
}
