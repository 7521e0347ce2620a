namespace ReplyX.Rollout.Core.Backfills;

/// <summary>The controller's side of a running backfill: the evidence it throttles on, and where its changes and progress are recorded.</summary>
public interface IBackfillObserver
{
    /// <summary>Read at most once a second between batches.</summary>
    Task<BackfillSignal> ReadAsync(CancellationToken cancellationToken);

    /// <summary>The throttle changed the pace; <paramref name="progress"/> is where the walk stood.</summary>
    Task ThrottledAsync(ThrottleChange change, BackfillProgress progress, CancellationToken cancellationToken);

    /// <summary>Every <see cref="BackfillRunner.BatchesPerReport"/> batches (and at the end): the stretch since <paramref name="since"/>.</summary>
    Task BatchesAsync(BackfillProgress progress, DateTimeOffset since, CancellationToken cancellationToken);
}
