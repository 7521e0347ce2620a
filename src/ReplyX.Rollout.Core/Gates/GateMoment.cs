namespace ReplyX.Rollout.Core.Gates;

/// <summary>When a gate runs in a phase.</summary>
public enum GateMoment
{
    /// <summary>With the preflight checks, before any change (migration verify and conflicts).</summary>
    BeforeChanges,

    /// <summary>After the steps, before the first user is moved (vector recall, capacity).</summary>
    BeforeTraffic,

    /// <summary>At the end of every ramp stage, before the next share of users is moved (vector recall).</summary>
    EachStage,
}
