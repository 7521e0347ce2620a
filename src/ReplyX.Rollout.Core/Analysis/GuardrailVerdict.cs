namespace ReplyX.Rollout.Core.Analysis;

/// <summary>One guardrail's verdict with the readings behind it, shown next to every decision.</summary>
public sealed record GuardrailVerdict(string Guardrail, GuardrailOutcome Outcome, string Risk, string Reason, IReadOnlyDictionary<string, double> Readings);
