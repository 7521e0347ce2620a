namespace ReplyX.Rollout.Bench.Decisions;

/// <summary>How a simulated ramp ended.</summary>
public enum RampEnd
{
    Completed,
    RolledBack,

    /// <summary>A stage held past the ramp's hold limit without a verdict.</summary>
    Held,

    /// <summary>The analyzer paused the stage (no metrics): never expected in the bench.</summary>
    Paused,
}
