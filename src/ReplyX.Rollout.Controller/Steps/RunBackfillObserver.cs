using System.Diagnostics;
using System.Globalization;
using ReplyX.Rollout.Controller.Requests;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Telemetry;
using ReplyX.Rollout.Core.Backfills;
using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Controller.Steps;

/// <summary>
/// A run's side of a running backfill. Evidence: all-traffic p95 of the last <see cref="RecentWindow"/> since the step
/// started against the minute before it (none when either has fewer than <see cref="MinSamples"/> requests), and an abort
/// waiting on the run (it stops the walk at a batch boundary; a pause waits for the step to end, like any step's).
/// Records each change of pace as a <c>backfill-throttled</c> event and each stretch of batches as a span.
/// </summary>
public sealed class RunBackfillObserver(RolloutRun run, string stepName, RolloutStore store, IMetricsSource metrics, TimeProvider time) : IBackfillObserver
{
    public static readonly TimeSpan RecentWindow = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan BaselineWindow = TimeSpan.FromMinutes(1);
    public const int MinSamples = 20;

    private readonly DateTimeOffset _stepStarted = time.GetUtcNow();
    private double? _baseline;

    public async Task<BackfillSignal> ReadAsync(CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(run.Id, cancellationToken);
        var stop = current?.RequestedAction == RunRequest.Abort ? "an abort was requested" : null;
        _baseline ??= P95(metrics.AllTraffic(_stepStarted - BaselineWindow, _stepStarted));
        var now = time.GetUtcNow();
        var recent = P95(metrics.AllTraffic(Max(now - RecentWindow, _stepStarted), now));
        return new BackfillSignal(_baseline is > 0 && recent is { } p95 ? p95 / _baseline.Value : null, stop);
    }

    public Task ThrottledAsync(ThrottleChange change, BackfillProgress progress, CancellationToken cancellationToken) =>
        store.RecordEventAsync(run.Id, "backfill-throttled",
            string.Create(CultureInfo.InvariantCulture, $"backfill '{stepName}' {(change.SlowedDown ? "slowed down" : "sped up")} to batches of {change.BatchSize:N0} every {change.Pause.TotalMilliseconds:N0} ms: {change.Reason}"),
            new { change.BatchSize, pauseMs = change.Pause.TotalMilliseconds, change.SlowedDown, change.Reason, progress }, cancellationToken);

    public Task BatchesAsync(BackfillProgress progress, DateTimeOffset since, CancellationToken cancellationToken)
    {
        using var span = RolloutTelemetry.StartRunSpan($"backfill batches: {stepName}", run.TraceParent, since);
        span?.SetTag("replyx.backfill.batches", progress.Batches);
        span?.SetTag("replyx.backfill.rows_scanned", progress.RowsScanned);
        span?.SetTag("replyx.backfill.rows_updated", progress.RowsUpdated);
        span?.SetTag("replyx.backfill.estimated_total", progress.EstimatedTotal);
        span?.SetTag("replyx.backfill.rows_per_second", Math.Round(progress.RowsPerSecond, 1));
        span?.SetTag("replyx.backfill.batch_size", progress.BatchSize);
        span?.SetTag("replyx.backfill.pause_ms", progress.Pause.TotalMilliseconds);
        span?.SetTag("replyx.backfill.last_key", progress.LastKey);
        span?.SetStatus(ActivityStatusCode.Ok);
        return Task.CompletedTask;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static double? P95(LatencyWindow window) => window.Count >= MinSamples ? window.Histogram.Quantile(0.95) : null;
}
