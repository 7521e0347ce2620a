namespace ReplyX.Api.Flags;

/// <summary>
/// A phase flag as the controller serves it: the share of users on the optimized path, the phase's parameters
/// (for instance <c>ivf.probes</c>), and cohorts (targeting groups) that take the optimized path whatever the share.
/// </summary>
public sealed record FlagState(string Flag, int Percentage, IReadOnlyDictionary<string, string>? Parameters = null, IReadOnlyList<string>? Cohorts = null);
