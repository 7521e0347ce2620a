namespace ReplyX.Rollout.Core.Phases;

/// <summary>How traffic moves to the treatment: percentages in order, each held for its bake time.</summary>
public sealed record RampSpec
{
    public IReadOnlyList<int> Stages { get; init; } = [5, 25, 100];

    public TimeSpan Bake { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The longest a stage may hold for its verdict (bake included). A stage whose samples cannot arrive within it, at
    /// the rate they arrive once baked, pauses (R008) instead of holding forever. Unset: 30 minutes, or twice the bake when that is longer.
    /// </summary>
    public TimeSpan MaxHold { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>When true, a human approves before the last stage.</summary>
    public bool ApproveBeforeFull { get; init; }
}
