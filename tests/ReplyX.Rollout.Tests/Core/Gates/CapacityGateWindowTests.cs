using Microsoft.Extensions.Time.Testing;
using ReplyX.Rollout.Controller.Metrics;
using ReplyX.Rollout.Core.Gates;

namespace ReplyX.Rollout.Tests.Core.Gates;

/// <summary>Pool waits are read from the real metrics store over the run's measured seconds: the warm-up's are shown, never judged.</summary>
public sealed class CapacityGateWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pool_waits_during_the_warm_up_do_not_fail_the_gate()
    {
        var result = await RunAsync(pendingAt: second => second < 10 ? 40 : 0);

        Assert.True(result.Passed, result.Detail);
        Assert.Equal(0, result.Readings["poolSaturatedSeconds"]);
    }

    [Fact]
    public async Task Pool_waits_after_the_warm_up_fail_the_gate()
    {
        var result = await RunAsync(pendingAt: second => second is >= 12 and < 20 ? 40 : 0);

        Assert.False(result.Passed);
        Assert.StartsWith("the connection pool saturated: more than 0 request(s) waited for 8 s in a row (at most 40)", result.Detail);
    }

    private static async Task<GateResult> RunAsync(Func<int, double> pendingAt)
    {
        var time = new FakeTimeProvider(Start);
        var store = new OtlpMetricsStore(time);
        var load = new ScriptedLoad(time, store, pendingAt);
        var gate = new CapacityGate(load, store, time);
        var options = new CapacityOptions(100, 50, TimeSpan.FromSeconds(20), null, TimeSpan.FromMilliseconds(500), 0.01, 0, Warmup: TimeSpan.FromSeconds(10));

        var run = gate.RunAsync(options, CancellationToken.None);
        while (!run.IsCompleted)
        {
            // The gate waits 2 s of its clock for the last export after the load returns.
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        Assert.Equal(TimeSpan.FromSeconds(10), load.Requested!.Warmup);
        return await run;
    }

    /// <summary>A load run of warm-up plus duration on the fake clock, with the workload's pool waits reported each second.</summary>
    private sealed class ScriptedLoad(FakeTimeProvider time, OtlpMetricsStore store, Func<int, double> pendingAt) : ICapacityLoad
    {
        public CapacityRequest? Requested { get; private set; }

        public Task<CapacityReadings> RunAsync(CapacityRequest request, CancellationToken cancellationToken)
        {
            Requested = request;
            var seconds = (int)(request.Warmup + request.Duration).TotalSeconds;
            for (var second = 0; second < seconds; second++)
            {
                store.AddPendingConnections(time.GetUtcNow(), pendingAt(second));
                store.MarkReceived();
                time.Advance(TimeSpan.FromSeconds(1));
            }

            return Task.FromResult(new CapacityReadings(1000, 0, 0, 10, 20, 30, 40, request.Duration.TotalSeconds, 250, 0, 35));
        }
    }
}
