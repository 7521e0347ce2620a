using ReplyX.Rollout.Core.Diagnostics;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>
/// A check beyond latency that must pass before traffic moves (and at every stage): vector recall,
/// migration equality and conflicts, capacity. Its settings are kept as declared; the gate's runner reads them.
/// </summary>
public sealed record GateSpec(string Type, string Risk, IReadOnlyDictionary<string, string> Settings, SourcePosition Position)
{
    public static readonly IReadOnlyDictionary<string, (string Risk, string[] Keys)> Known = new Dictionary<string, (string, string[])>
    {
        ["vectorRecall"] = ("R006", ["search", "table", "k", "probes", "minRecall", "queries", "maxP95"]),
        ["migrationsVerify"] = ("R004", ["chain", "consolidated", "ignore"]),
        ["migrationsConflicts"] = ("R004", ["dir"]),
        ["capacity"] = ("R007", ["users", "rate", "warmup", "duration", "mix", "maxP95", "maxErrorRate", "maxPendingRequests"]),
    };
}
