using ReplyX.Rollout.Core.Analysis;

namespace ReplyX.Rollout.Bench.Decisions;

/// <summary>One look of the analyzer during a simulated ramp: when, at which stage, and what it decided.</summary>
public sealed record RampLook(DateTimeOffset At, int Percentage, DateTimeOffset StageStart, StageAnalysis Analysis);
