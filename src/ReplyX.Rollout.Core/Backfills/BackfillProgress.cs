using System.Globalization;

namespace ReplyX.Rollout.Core.Backfills;

/// <summary>Where a backfill stands: rows walked of the table's estimate, its pace and what the throttle has it doing now.</summary>
public sealed record BackfillProgress(
    long RowsScanned,
    long RowsUpdated,
    long EstimatedTotal,
    int Batches,
    double RowsPerSecond,
    int BatchSize,
    TimeSpan Pause,
    string? LastKey)
{
    /// <summary>The fraction of the table walked, from the planner's row estimate (capped below 1 until the walk ends).</summary>
    public double Fraction => EstimatedTotal <= 0 ? 0 : Math.Min(0.999, RowsScanned / (double)EstimatedTotal);

    /// <summary>Time left at the current pace; null before the first batch or when the estimate is already passed.</summary>
    public TimeSpan? Eta => RowsPerSecond > 0 && EstimatedTotal > RowsScanned
        ? TimeSpan.FromSeconds((EstimatedTotal - RowsScanned) / RowsPerSecond)
        : null;

    /// <summary>The reason of the throttle's latest change, if it ever changed anything.</summary>
    public string? Throttle { get; init; }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{RowsScanned:N0} of ~{EstimatedTotal:N0} rows ({Fraction * 100:0}%), {RowsPerSecond:N0} rows/s, batch {BatchSize:N0}, pause {Pause.TotalMilliseconds:N0} ms")
        + (Eta is { } eta ? string.Create(CultureInfo.InvariantCulture, $", ~{Math.Ceiling(eta.TotalMinutes):N0} min left") : "");
}
