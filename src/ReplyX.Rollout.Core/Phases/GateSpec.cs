using ReplyX.Rollout.Core.Diagnostics;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>
/// A check beyond latency that must pass before traffic moves (and at every stage): vector recall,
/// migration equality and conflicts, capacity. Its settings are kept as declared; the gate's runner reads them.
/// </summary>
public sealed record GateSpec(string Type, string Risk, IReadOnlyDictionary<string, string> Settings, SourcePosition Position);
