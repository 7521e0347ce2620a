namespace ReplyX.Rollout.Core.Ownership;

/// <summary>
/// How a step runs given what its objects are: statements to skip (by index) with the reason for each, a refusal
/// that stops the step before any change, notes for what could not be checked, and the findings behind them.
/// </summary>
public sealed record OwnershipPlan(
    IReadOnlyList<ObjectFinding> Findings,
    IReadOnlyList<ObjectPresence> References,
    IReadOnlyDictionary<int, string> Skip,
    string? Refusal,
    IReadOnlyList<string> Notes)
{
    public static OwnershipPlan Empty { get; } = new([], [], new Dictionary<int, string>(), null, []);

    /// <summary>Every statement of the step is skipped: it created nothing (adopted, or nothing the run owns to undo).</summary>
    public bool SkipsAll(int statements) => statements > 0 && Skip.Count == statements;
}
