namespace ReplyX.Rollout.Core.Analysis;

/// <summary>What the controller does with a stage after reading its guardrails.</summary>
public enum StageDecision
{
    /// <summary>Bake not over, or not enough samples yet: keep the stage.</summary>
    Hold,

    /// <summary>Bake over, enough samples, every guardrail passed.</summary>
    Advance,

    /// <summary>A guardrail failed: traffic to 0%, then the DDL rollback.</summary>
    RollBack,

    /// <summary>Metrics stopped arriving: never advance blind (R008).</summary>
    Pause,
}
