namespace ReplyX.Api.Flags;

/// <summary>A phase flag as the controller serves it: the share of users on the optimized path.</summary>
public sealed record FlagState(string Flag, int Percentage);
