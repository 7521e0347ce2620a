namespace ReplyX.Rollout.Core.Phases;

/// <summary>How traffic moves to the treatment: percentages in order, each held for its bake time.</summary>
public sealed record RampSpec
{
    public IReadOnlyList<int> Stages { get; init; } = [5, 25, 100];

    public TimeSpan Bake { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>When true, a human approves before the last stage.</summary>
    public bool ApproveBeforeFull { get; init; }
}
