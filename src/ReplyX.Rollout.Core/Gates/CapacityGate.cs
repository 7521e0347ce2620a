using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Core.Gates;

/// <summary>
/// Runs the load and judges it: p95 and error rate (seen by the load generator) under the phase's limits, and the
/// workload's connection pools never saturated (Npgsql's pending-request metric, from the controller's metrics
/// source). No pool readings at all is a failure: a capacity claim needs evidence.
/// </summary>
public sealed class CapacityGate(ICapacityLoad load, IMetricsSource metrics, TimeProvider time)
{
    public const string Name = "capacity";

    /// <summary>The cohort the flag routes to the treatment path while a gate runs.</summary>
    public const string Cohort = "replyx-gate";

    public async Task<GateResult> RunAsync(CapacityOptions options, CancellationToken cancellationToken)
    {
        // Pool waits count from the end of the warm-up, like the load generator's readings.
        var from = time.GetUtcNow() + options.Warmup;
        CapacityReadings readings;
        try
        {
            readings = await load.RunAsync(new CapacityRequest(options.Users, options.Rate, options.Duration, options.Mix, Cohort, options.Warmup), cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutException or InvalidOperationException)
        {
            return GateResult.Fail(Name, $"the load generator could not run the capacity test: {exception.Message}");
        }

        // Metrics arrive on a 1 s export interval: wait for the last second of the run to be reported.
        await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
        var to = time.GetUtcNow();
        var pool = PoolReadings.Read(metrics, options.MaxPendingRequests, from, to);
        return Evaluate(options, readings, pool);
    }

    public static GateResult Evaluate(CapacityOptions options, CapacityReadings readings, PoolReadings pool)
    {
        var problems = new List<string>();
        if (readings.Requests == 0)
        {
            problems.Add("no request was answered");
        }

        if (readings.P95Ms > options.MaxP95.TotalMilliseconds)
        {
            problems.Add($"p95 {readings.P95Ms:F1} ms is above {options.MaxP95.TotalMilliseconds:F0} ms");
        }

        if (readings.ErrorRate > options.MaxErrorRate)
        {
            problems.Add($"error rate {Percent(readings.ErrorRate)} is above {Percent(options.MaxErrorRate)}");
        }

        // A capacity claim needs evidence: no pool metric during the run fails the gate.
        if (PoolSaturation.Judge(pool, options.MaxPendingRequests, PoolSaturation.WithoutReadings.Fails) is (GuardrailOutcome.Failed, var saturated))
        {
            problems.Add(saturated);
        }

        var warmup = options.Warmup > TimeSpan.Zero
            ? $"; after a {options.Warmup.TotalSeconds:F0} s warm-up ({readings.WarmupRequests} requests, p95 {readings.WarmupP95Ms:F1} ms, {readings.WarmupErrors} failed, not judged)"
            : "";
        var summary = $"{readings.Requests} requests from {options.Users} users at {readings.AchievedRate:F0}/{options.Rate:F0} req/s for {readings.ElapsedSeconds:F0} s: p95 {readings.P95Ms:F1} ms (limit {options.MaxP95.TotalMilliseconds:F0}), errors {Percent(readings.ErrorRate)} (limit {Percent(options.MaxErrorRate)}), pool waits at most {pool.MaxPending ?? 0:F0}{warmup}";
        return new GateResult(Name, problems.Count == 0, problems.Count == 0 ? summary : string.Join("; ", problems) + " - " + summary,
            new Dictionary<string, object?>
            {
                ["users"] = options.Users,
                ["rate"] = options.Rate,
                ["achievedRate"] = Math.Round(readings.AchievedRate, 1),
                ["durationSeconds"] = Math.Round(readings.ElapsedSeconds, 1),
                ["requests"] = readings.Requests,
                ["errors"] = readings.Errors,
                ["dropped"] = readings.Dropped,
                ["errorRate"] = Math.Round(readings.ErrorRate, 5),
                ["maxErrorRate"] = options.MaxErrorRate,
                ["p50Ms"] = Math.Round(readings.P50Ms, 2),
                ["p95Ms"] = Math.Round(readings.P95Ms, 2),
                ["p99Ms"] = Math.Round(readings.P99Ms, 2),
                ["maxMs"] = Math.Round(readings.MaxMs, 2),
                ["maxP95Ms"] = options.MaxP95.TotalMilliseconds,
                ["poolMaxPending"] = pool.MaxPending,
                ["poolSaturatedSeconds"] = pool.SustainedSeconds,
                ["poolReported"] = pool.Reported,
                ["warmupSeconds"] = options.Warmup.TotalSeconds,
                ["warmupRequests"] = readings.WarmupRequests,
                ["warmupErrors"] = readings.WarmupErrors,
                ["warmupP95Ms"] = Math.Round(readings.WarmupP95Ms, 2),
            });
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
