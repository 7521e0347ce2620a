namespace ReplyX.Rollout.Controller.Verdicts;

/// <summary>
/// One look of the guardrails at a stage, for one variant: requests in the last block (10 s), their p95 (null when
/// none) and how many were above the regression test's threshold. The report draws p95 over time from these.
/// </summary>
public sealed record RunLook(DateTimeOffset At, int StageIndex, int Percentage, string Variant, long Samples, double? P95Ms, double Exceedances);
