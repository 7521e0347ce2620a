using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Controller.Risks;

/// <summary>What the slow-query rule keeps between ticks: the baseline means' counters, the last read, and when and for which run the baseline was taken.</summary>
public sealed record SlowQueryMemory(
    Dictionary<long, StatementCounters>? Baseline,
    Dictionary<long, StatementCounters>? Cursor,
    DateTimeOffset? BaselineAt,
    Guid? BaselineRun);
