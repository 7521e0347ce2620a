using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Verdicts;
using ReplyX.Rollout.Core.Criteria;
using ReplyX.Rollout.Core.Ownership;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Controller.Reports;

/// <summary>Everything a run's report shows, read once: the run, its phase, steps, events, kept looks, verdicts and ledger.</summary>
public sealed record RunReport(
    RolloutRun Run,
    PhaseDefinition? Phase,
    IReadOnlyList<RunStep> Steps,
    IReadOnlyList<RunEvent> Events,
    IReadOnlyList<RunLook> Looks,
    IReadOnlyList<CriterionResult> Criteria,
    IReadOnlyList<OwnedObject> Objects)
{
    /// <summary>Where time 0 of the chart is: the first move to Ramping, else the run's creation.</summary>
    public DateTimeOffset Origin => Events.FirstOrDefault(e => e.Kind == "transition" && e.ToState == "Ramping")?.At ?? Run.CreatedAt;

    public IEnumerable<RunEvent> Transitions => Events.Where(e => e.Kind is "created" or "transition");

    public IEnumerable<RunEvent> Alerts => Events.Where(e => e.Kind is "alert" or "risk-alert");

    /// <summary>Each stage start: when the flag moved to its percentage.</summary>
    public IReadOnlyList<(DateTimeOffset At, int Percentage)> StageStarts =>
    [
        .. Events.Where(e => e.Kind == "transition" && e.ToState == "Ramping" && Percent(e.Reason) is not null).Select(e => (e.At, Percent(e.Reason)!.Value)),
    ];

    /// <summary>The moments the guardrails decided something: advanced, held, rolled back, paused.</summary>
    public IReadOnlyList<(DateTimeOffset At, string Kind, string Reason)> Decisions =>
    [
        .. Events.Where(e => e.Kind == "holding").Select(e => (e.At, "hold", e.Reason)),
        .. Events.Where(e => e.Kind == "transition" && e.FromState == "Ramping").Select(e => (e.At, e.ToState switch
        {
            "RollingBack" => "rollback",
            "Paused" => "pause",
            _ => "advance",
        }, e.Reason)),
    ];

    private static int? Percent(string reason) =>
        System.Text.RegularExpressions.Regex.Match(reason, @"(?:to|ramping to) (\d+)%") is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
