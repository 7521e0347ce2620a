namespace ReplyX.Rollout.Core.Gates;

/// <summary>One gate's verdict: passed or not, why in one line, and the readings behind it (recorded on the run).</summary>
public sealed record GateResult(string Gate, bool Passed, string Detail, IReadOnlyDictionary<string, object?> Readings)
{
    public static GateResult Fail(string gate, string detail) => new(gate, false, detail, new Dictionary<string, object?>());
}
