using ReplyX.Rollout.Core.Postgres;
namespace ReplyX.Rollout.Core.Execution;

/// <summary>
/// A verified backup: where it is, how long the dump and the test restore took (the restore time is the real
/// recovery time of rollback level 3), and the per-table row counts of the snapshot and of the restored copy.
/// </summary>
public sealed record BackupReport(
    string Path,
    long Bytes,
    string Snapshot,
    TimeSpan DumpDuration,
    TimeSpan RestoreDuration,
    IReadOnlyList<TableRowCount> Tables)
{
    public bool Verified => Tables.Count > 0 && Tables.All(t => t.Matches);

    public IReadOnlyList<TableRowCount> Mismatches => [.. Tables.Where(t => !t.Matches)];
}
