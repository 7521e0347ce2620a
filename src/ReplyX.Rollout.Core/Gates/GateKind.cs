namespace ReplyX.Rollout.Core.Gates;

/// <summary>
/// One type of gate, as the catalog knows it: its name in phase files, the risk it guards by default, the settings
/// it accepts, the moments it runs at, and how its settings are read and checked.
/// </summary>
public sealed record GateKind(string Type, string Risk, IReadOnlyList<string> Keys, IReadOnlyList<GateMoment> Moments, Func<GateSettings, object> Read);
