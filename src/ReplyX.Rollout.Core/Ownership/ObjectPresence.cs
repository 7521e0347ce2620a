namespace ReplyX.Rollout.Core.Ownership;

/// <summary>Whether an object a step drops, alters, renames or writes existed when the step was about to run.</summary>
public sealed record ObjectPresence(SchemaObject Object, bool Exists);
