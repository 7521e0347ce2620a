using System.Collections.Concurrent;
using ReplyX.Rollout.Core.Backfills;

namespace ReplyX.Rollout.Tests.Core.Backfills;

/// <summary>An observer that records what a backfill reports and answers with a fixed signal.</summary>
internal sealed class RecordingObserver(BackfillSignal? signal = null) : IBackfillObserver
{
    public ConcurrentQueue<ThrottleChange> Changes { get; } = new();

    public ConcurrentQueue<BackfillProgress> Reports { get; } = new();

    public Task<BackfillSignal> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(signal ?? BackfillSignal.None);

    public Task ThrottledAsync(ThrottleChange change, BackfillProgress progress, CancellationToken cancellationToken)
    {
        Changes.Enqueue(change);
        return Task.CompletedTask;
    }

    public Task BatchesAsync(BackfillProgress progress, DateTimeOffset since, CancellationToken cancellationToken)
    {
        Reports.Enqueue(progress);
        return Task.CompletedTask;
    }
}
