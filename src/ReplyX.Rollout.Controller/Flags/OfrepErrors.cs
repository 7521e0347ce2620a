namespace ReplyX.Rollout.Controller.Flags;

/// <summary>The OpenFeature error codes OFREP answers with, and the resolution reasons a phase flag gives.</summary>
public static class OfrepErrors
{
    public const string ParseError = "PARSE_ERROR";
    public const string InvalidContext = "INVALID_CONTEXT";
    public const string TargetingKeyMissing = "TARGETING_KEY_MISSING";
    public const string FlagNotFound = "FLAG_NOT_FOUND";
    public const string General = "GENERAL";

    /// <summary>The user is on the treatment: in the percentage or in a cohort.</summary>
    public const string TargetingMatch = "TARGETING_MATCH";

    /// <summary>The flag serves some users, not this one: the default (control).</summary>
    public const string Default = "DEFAULT";

    /// <summary>The flag serves nobody (0%, no cohort): before a rollout or after a rollback.</summary>
    public const string Disabled = "DISABLED";
}
