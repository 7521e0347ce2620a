namespace ReplyX.Rollout.Core.Phases;

/// <summary>
/// A <c>sync</c> step: a trigger that keeps <see cref="Column"/> in step with the old columns while both are in use
/// (<see cref="Up"/> old → new on every insert and on updates of the old columns; <see cref="Down"/> new → old when
/// only the new column is written). Its generated SQL and rollback come from <see cref="SyncSql"/>.
/// </summary>
public sealed record SyncSpec
{
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(2);
    public const int DefaultRetries = 5;

    public required string Table { get; init; }

    /// <summary>The new column the trigger writes.</summary>
    public required string Column { get; init; }

    /// <summary>The old columns whose change recomputes <see cref="Column"/>.</summary>
    public required IReadOnlyList<string> From { get; init; }

    /// <summary>The new column's value, as an expression over the row's (old) columns.</summary>
    public required string Up { get; init; }

    /// <summary>The old column's value from the new one, for writers that set only the new column; needs one <see cref="From"/> column.</summary>
    public string? Down { get; init; }
}
