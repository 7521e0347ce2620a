namespace ReplyX.Rollout.Controller.Risks;

/// <summary>A rule's reading: the value in the rule's unit (null when unknown), its words, and what the rule remembers for the next tick.</summary>
public sealed record RiskReading(double? Value, string Detail, string MemoryJson = "{}")
{
    public static RiskReading Unknown(string why, string memoryJson = "{}") => new(null, "unknown: " + why, memoryJson);
}
