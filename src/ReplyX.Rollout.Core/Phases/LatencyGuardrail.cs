namespace ReplyX.Rollout.Core.Phases;

public sealed record LatencyGuardrail(double MaxRegression = 0.20, int MinSamples = 200, string Risk = "R003");
