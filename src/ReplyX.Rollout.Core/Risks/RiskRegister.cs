namespace ReplyX.Rollout.Core.Risks;

/// <summary>The seed's risks and escalation matrix, loaded from <c>phases/risks.yaml</c>.</summary>
public sealed class RiskRegister(IReadOnlyList<Risk> risks, IReadOnlyList<EscalationRule> escalation, MonitorSpec? monitor = null)
{
    public const string FileName = "risks.yaml";

    public IReadOnlyList<Risk> Risks { get; } = risks;

    public IReadOnlyList<EscalationRule> Escalation { get; } = escalation;

    /// <summary>The continuous risk monitor's rules (the seed's "Automated Risk Detection").</summary>
    public MonitorSpec Monitor { get; } = monitor ?? MonitorSpec.None;

    public Risk? Find(string id) => Risks.FirstOrDefault(r => r.Id == id);

    public EscalationRule? EscalationFor(RiskLevel level) => Escalation.FirstOrDefault(e => e.Level == level);
}
