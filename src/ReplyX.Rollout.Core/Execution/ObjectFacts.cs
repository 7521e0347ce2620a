namespace ReplyX.Rollout.Core.Execution;

/// <summary>Whether an object a step creates is already there; for an index, whether it is valid and ready.</summary>
public sealed record ObjectFacts(string Kind, string Name, bool Exists, bool? Valid);
