namespace ReplyX.Rollout.Core.Execution;

/// <summary>A sample of a running statement: its index-build phase and counts (or a backfill's walk), and who blocks it.</summary>
public sealed record StepProgress(
    string Statement,
    string? Phase,
    long BlocksDone,
    long BlocksTotal,
    long TuplesDone,
    long TuplesTotal,
    IReadOnlyList<int> BlockedBy)
{
    /// <summary>A backfill's walk (rows, pace, ETA, throttle); null for other statements.</summary>
    public Backfills.BackfillProgress? Backfill { get; init; }

    public double? Fraction => BlocksTotal > 0 ? BlocksDone / (double)BlocksTotal : TuplesTotal > 0 ? TuplesDone / (double)TuplesTotal : null;
}
