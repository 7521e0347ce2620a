namespace ReplyX.Rollout.Core.Ownership;

/// <summary>What the catalog said about a step's objects before the step ran.</summary>
public sealed record ProbeResult(IReadOnlyList<ObjectFinding> Creations, IReadOnlyList<ObjectPresence> References);
