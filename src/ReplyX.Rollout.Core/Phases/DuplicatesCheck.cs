namespace ReplyX.Rollout.Core.Phases;

/// <summary>Preflight: refuse to start when rows already collide on the columns a unique index will cover (R005).</summary>
public sealed record DuplicatesCheck(string Table, IReadOnlyList<string> Columns);
