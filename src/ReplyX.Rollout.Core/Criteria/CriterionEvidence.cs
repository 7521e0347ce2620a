namespace ReplyX.Rollout.Core.Criteria;

/// <summary>
/// What a run measured that success criteria are judged on. Null means the run had no such reading (no recall gate,
/// no treatment traffic at 100%, no alert channel): the criterion is then NotMeasured, with the reason.
/// </summary>
public sealed record CriterionEvidence
{
    /// <summary>p95 of the flag's own requests (or all traffic) before the phase, and of the treatment at 100%, in seconds.</summary>
    public double? BaselineP95 { get; init; }

    public double? TreatmentP95 { get; init; }

    public long TreatmentRequests { get; init; }

    /// <summary>No touched table lost rows across the steps (null before the steps ran).</summary>
    public bool? RowCountsKept { get; init; }

    public string? RowCountsDetail { get; init; }

    /// <summary>The verified backup's restored counts matched its snapshot (null when the phase skipped the backup).</summary>
    public bool? BackupVerified { get; init; }

    /// <summary>The longest any other session waited on a lock the phase's statements held, seconds (null when no step ran).</summary>
    public double? LongestLockWait { get; init; }

    public int SessionsBlocked { get; init; }

    /// <summary>The worst vector-recall gate reading of the run: highest p95 (seconds) and lowest recall@k.</summary>
    public double? VectorP95 { get; init; }

    public double? Recall { get; init; }

    /// <summary>Failed and total treatment requests over the ramp.</summary>
    public long? Errors { get; init; }

    public long? Requests { get; init; }

    public int? ChainMigrations { get; init; }

    public int? ConsolidatedMigrations { get; init; }

    public bool? FingerprintsEqual { get; init; }

    public string? FingerprintDetail { get; init; }

    public bool? CapacityPassed { get; init; }

    public string? CapacityDetail { get; init; }

    /// <summary>Every alert of the run, and the delivery check, reached the alert channel (null when none is configured).</summary>
    public bool? AlertsDelivered { get; init; }

    public string? AlertDetail { get; init; }

    /// <summary>The longest gap between metric exports during the ramp, seconds.</summary>
    public double? LongestMetricsGap { get; init; }
}
