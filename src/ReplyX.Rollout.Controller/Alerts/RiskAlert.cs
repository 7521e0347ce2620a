using System.Globalization;
using System.Text;
using ReplyX.Rollout.Core.Risks;

namespace ReplyX.Rollout.Controller.Alerts;

/// <summary>An alert in the seed's "Risk Communication Template" form, naming the risk, its severity and escalation.</summary>
public sealed record RiskAlert(string RiskId, string RiskName, string Severity, string Probability, string Impact, string Status,
    IReadOnlyList<string> Actions, string ResponseWindow, string DecisionMaker, string Communication, DateTimeOffset At, TimeSpan ResponseTime)
{
    public static RiskAlert Create(RiskRegister? register, string riskId, string status, IReadOnlyList<string> actions, DateTimeOffset at)
    {
        var risk = register?.Find(riskId);
        var level = risk?.Level ?? RiskLevel.High;
        var escalation = register?.EscalationFor(level);
        return new RiskAlert(riskId, risk?.Name ?? "Unknown risk", level.ToString().ToUpperInvariant(), risk?.Probability ?? "unknown",
            risk?.Impact ?? "unknown", status, actions, escalation?.ResponseWindow ?? "0-15 minutes", escalation?.DecisionMaker ?? "Team Lead",
            escalation?.Communication ?? "Engineering team", at, escalation?.ResponseTime ?? TimeSpan.FromMinutes(15));
    }

    public string Text
    {
        get
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"🚨 RISK ALERT: {RiskId} - {RiskName}");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Severity: {Severity}");
            text.AppendLine(CultureInfo.InvariantCulture, $"Probability: {Probability}");
            text.AppendLine(CultureInfo.InvariantCulture, $"Impact: {Impact}");
            text.AppendLine(CultureInfo.InvariantCulture, $"Current Status: {Status}");
            text.AppendLine();
            text.AppendLine("Immediate Actions:");
            foreach (var action in Actions)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {action}");
            }

            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"ETA to resolution: {ResponseWindow} ({Severity} escalation response time)");
            text.AppendLine(CultureInfo.InvariantCulture, $"Next update: {(At + ResponseTime).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}");
            text.Append(CultureInfo.InvariantCulture, $"Contact: {DecisionMaker} in {Communication}");
            return text.ToString();
        }
    }
}
