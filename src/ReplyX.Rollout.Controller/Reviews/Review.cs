namespace ReplyX.Rollout.Controller.Reviews;

/// <summary>
/// The seed's "Risk Mitigation Success Indicators" over every run created in a period: data-safety incidents,
/// availability (lock-wait budget), performance (the worst regression and what caught it), accuracy, process
/// (planned against actual durations) and which risks fired how often.
/// </summary>
public sealed record Review(
    DateTimeOffset Since,
    DateTimeOffset Until,
    int Runs,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyList<ReviewFinding> DataSafety,
    IReadOnlyList<LockWaitRow> Availability,
    WorstRegression? Performance,
    AccuracyReview Accuracy,
    IReadOnlyList<DurationRow> Process,
    IReadOnlyList<RiskCount> Risks);
