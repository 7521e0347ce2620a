namespace ReplyX.Rollout.Core.Criteria;

/// <summary>The shapes a criterion's target can take.</summary>
public enum TargetForm
{
    /// <summary><c>&lt;= 100ms</c>, <c>&lt; 5m</c>, <c>0%</c>, <c>&lt;= 7</c>.</summary>
    AtMost,

    /// <summary><c>&gt;= 85%</c>.</summary>
    AtLeast,

    /// <summary><c>5-7</c>.</summary>
    Range,

    /// <summary><c>-40%</c>: at least that much faster than the baseline.</summary>
    Improvement,

    /// <summary><c>unchanged</c>, <c>identical</c>, <c>passed</c>, <c>delivered</c>.</summary>
    Word,
}
