namespace ReplyX.Rollout.Core.Risks;

/// <summary>The continuous risk monitor as risks.yaml declares it: its rules (the interval comes from configuration).</summary>
public sealed record MonitorSpec(IReadOnlyList<MonitorRule> Rules)
{
    public static MonitorSpec None { get; } = new([]);
}
