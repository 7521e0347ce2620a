namespace ReplyX.Rollout.Controller.Reviews;

/// <summary>Vector search quality over the period: the lowest recall and the highest search p95 any gate measured, and criteria not met.</summary>
public sealed record AccuracyReview(double? LowestRecall, double? HighestVectorP95Ms, IReadOnlyList<ReviewFinding> NotMet);
