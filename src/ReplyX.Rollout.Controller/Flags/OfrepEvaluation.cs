namespace ReplyX.Rollout.Controller.Flags;

/// <summary>One flag evaluated for one context, as OFREP returns it: the boolean value, its variant, why, and the flag's metadata.</summary>
public sealed record OfrepEvaluation(string Key, bool Value, string Variant, string Reason, IReadOnlyDictionary<string, object> Metadata);
