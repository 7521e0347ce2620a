using ReplyX.Rollout.Controller.Requests;
using ReplyX.Rollout.Controller.Rollouts;

namespace ReplyX.Rollout.Controller.Model;

/// <summary>A run as the API shows it (a holding stage says what it waits for and <c>verdictEta</c>); steps and events only in the single-run view.</summary>
public sealed record RolloutView(
    Guid Id,
    string Phase,
    string Flag,
    string State,
    string Headline,
    int Stage,
    int Percentage,
    string? Reason,
    bool AwaitingApproval,
    string? PausedFrom,
    string? RequestedAction,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StageStartedAt,
    DateTimeOffset? FinishedAt,
    RunOverrides Overrides,
    IReadOnlyList<int> Stages,
    double BakeSeconds,
    System.Text.Json.JsonElement? Backup,
    System.Text.Json.JsonElement? Analysis,
    IReadOnlyList<CriterionView>? SuccessCriteria,
    string? Holding,
    DateTimeOffset? VerdictEta,
    IReadOnlyList<RunStep>? Steps,
    IReadOnlyList<RunEvent>? Events,
    IReadOnlyList<OwnedObjectView>? Objects)
{
    public static RolloutView From(RolloutRun run, IReadOnlyList<RunStep>? steps = null, IReadOnlyList<RunEvent>? events = null, IReadOnlyList<OwnedObjectView>? objects = null)
    {
        var phase = ReplyX.Rollout.Core.Phases.PhaseParser.Parse(run.PhaseId, run.PhaseYaml, new ReplyX.Rollout.Core.Diagnostics.DiagnosticBag());
        // Holding and its verdict ETA describe the current stage of a ramping run only.
        var hold = run.State == ReplyX.Rollout.Core.Rollouts.RolloutState.Ramping ? run.Marks.CurrentHold(run.StageIndex) : null;
        return new(
        run.Id, run.PhaseId, run.Flag, run.State.ToString(), ReplyX.Rollout.Core.Rollouts.RolloutHeadline.Of(run.State, run.Percentage, run.AwaitingApproval), run.StageIndex, run.Percentage, run.Reason, run.AwaitingApproval,
        run.PausedFrom?.ToString(), run.RequestedAction?.Name(), run.CreatedAt, run.UpdatedAt, run.StageStartedAt, run.FinishedAt, run.Overrides,
        phase?.Ramp.Stages ?? [], (run.Overrides.Bake ?? phase?.Ramp.Bake ?? TimeSpan.Zero).TotalSeconds,
        run.BackupJson is null ? null : System.Text.Json.JsonDocument.Parse(run.BackupJson).RootElement.Clone(),
        run.AnalysisJson is null ? null : System.Text.Json.JsonDocument.Parse(run.AnalysisJson).RootElement.Clone(), CriterionView.From(run),
        hold?.Text, hold?.Eta, steps, events, objects);
    }
}
