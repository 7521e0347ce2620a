namespace ReplyX.Rollout.Core.Execution;

/// <summary>Row counts of the touched tables before and after the steps, and orphaned foreign-key rows found after.</summary>
public sealed record IntegrityReport(IReadOnlyDictionary<string, (long Before, long After)> RowCounts, IReadOnlyList<string> ForeignKeyViolations)
{
    /// <summary>A table that lost rows, or any orphaned reference, fails the check (seed: row count and FK validation).</summary>
    public IReadOnlyList<string> Problems =>
    [
        .. RowCounts.Where(r => r.Value.After < r.Value.Before).Select(r => $"{r.Key} lost rows: {r.Value.Before} before, {r.Value.After} after"),
        .. ForeignKeyViolations,
    ];
}
