namespace ReplyX.Rollout.Core.Postgres;

/// <summary>One statement's cumulative calls and execution time (milliseconds) at the moment it was read.</summary>
public sealed record StatementCounters(string Query, long Calls, double TotalMilliseconds)
{
    /// <summary>The calls and time between an earlier read and this one; null when the counters were reset in between.</summary>
    public StatementCounters? Since(StatementCounters? earlier) =>
        earlier is null ? this : Calls < earlier.Calls ? null : this with { Calls = Calls - earlier.Calls, TotalMilliseconds = TotalMilliseconds - earlier.TotalMilliseconds };

    public double? MeanMilliseconds => Calls == 0 ? null : TotalMilliseconds / Calls;
}
