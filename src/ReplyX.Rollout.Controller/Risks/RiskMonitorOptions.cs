using System.ComponentModel.DataAnnotations;

namespace ReplyX.Rollout.Controller.Risks;

/// <summary>The continuous risk monitor (section <c>Rollout:Monitor</c>); its rules are in risks.yaml.</summary>
public sealed class RiskMonitorOptions
{
    public const string Section = "Rollout:Monitor";

    /// <summary>Whether the leader runs the monitor. <value>The default value is true.</value></summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the rules are read, and the window traffic readings cover. <value>The default value is 1 minute (the seed's 5 minutes is allowed).</value></summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Where DB CPU comes from: <c>auto</c> (the <c>system.cpu.utilization</c> gauge if one arrives, else /proc when the
    /// server runs on this host), <c>gauge</c>, <c>proc</c> or <c>none</c>. Unknown is shown as unknown, never as 0.
    /// <value>The default value is auto.</value>
    /// </summary>
    [RegularExpression("^(auto|gauge|proc|none)$")]
    public string CpuSource { get; set; } = "auto";
}
