namespace ReplyX.Rollout.Core.Phases;

public sealed record ErrorRateGuardrail(double Max = 0.01, string Risk = "R002");
