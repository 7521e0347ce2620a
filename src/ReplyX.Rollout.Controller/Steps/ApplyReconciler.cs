using System.Text.Json;
using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Gates;
using ReplyX.Rollout.Controller.Ramp;
using ReplyX.Rollout.Controller.Rollback;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Gates;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Steps;

/// <summary>
/// Applying: one expand step per pass, in order (a failed one rolls back what was applied); then the integrity check
/// and the before-traffic gates (a failure rolls back with no user moved); then, once all traffic has settled, the
/// first stage.
/// </summary>
public sealed class ApplyReconciler(
    RolloutStore store,
    RunTransitions transitions,
    StepRunner steps,
    GateRunner gates,
    Settling settling,
    AutomaticRollback rollback,
    RolloutTarget target,
    TimeProvider time)
{
    public async Task ReconcileAsync(RolloutRun run, PhaseDefinition phase, CancellationToken cancellationToken)
    {
        var recorded = await store.StepsAsync(run.Id, cancellationToken);
        if (!recorded.Any(s => s.Kind == StepRequest.ExpandKind) && !await settling.SettledAsync(run, phase, "before the first step", "applying the steps anyway", cancellationToken))
        {
            return;
        }

        var done = recorded.Where(s => s.Kind == StepRequest.ExpandKind && s.Status == RunStep.Succeeded).Select(s => s.Ordinal).ToHashSet();
        for (var i = 0; i < phase.Steps.Count; i++)
        {
            if (done.Contains(i + 1))
            {
                continue;
            }

            var outcome = await steps.RunAsync(run, StepRequest.Apply(run.Id, phase.Steps[i], i + 1), phase, cancellationToken);
            if (!outcome.Succeeded)
            {
                await transitions.MoveAsync(run, RolloutState.RollingBack, $"step '{phase.Steps[i].Name}' failed: {outcome.Error}", outcome, r => r with { Percentage = 0 }, cancellationToken);
            }

            return;
        }

        var verified = run.Marks.VerifiedJson;
        if (verified is null)
        {
            var report = await IntegrityAsync(run, cancellationToken);
            if (report.Problems.Count > 0)
            {
                await transitions.MoveAsync(run, RolloutState.RollingBack, "integrity check failed after the steps: " + string.Join("; ", report.Problems), Readings(report), r => r with { Percentage = 0 }, cancellationToken);
                return;
            }

            // Gates that need the changes in place run before the first user is moved: a failure rolls back with the flag still at 0%.
            if (await gates.RunAsync(run, phase, GateMoment.BeforeTraffic, "before traffic", cancellationToken) is { } gateFailure)
            {
                await rollback.OnGateAsync(run, phase, gateFailure.Gate, gateFailure.Result, "before any user was moved", cancellationToken);
                return;
            }

            verified = JsonSerializer.Serialize(Readings(report), RolloutStore.Json);
            await store.MarkAsync(run.Id, m => m with { VerifiedJson = verified }, cancellationToken);
        }

        // The steps and the gates' own load (a capacity run, the golden queries) disturb the server for a while; the
        // first stage is judged against the pre-phase baseline, so it starts once all traffic is back to it.
        if (!await settling.SettledAsync(run, phase, "before the first stage", "moving the first users anyway", cancellationToken))
        {
            return;
        }

        var first = phase.Ramp.Stages[0];
        await transitions.MoveAsync(run, RolloutState.Ramping, $"steps applied and verified (row counts, foreign keys); ramping to {first}%", JsonDocument.Parse(verified).RootElement,
            r => r with { StageIndex = 0, Percentage = first, StageStartedAt = time.GetUtcNow(), Marks = r.Marks with { VerifiedJson = null } }, cancellationToken);
    }

    private async Task<IntegrityReport> IntegrityAsync(RolloutRun run, CancellationToken cancellationToken)
    {
        var checker = new IntegrityChecker(target.ConnectionString);
        var after = await checker.CountAsync(run.TouchedTables, cancellationToken);
        var before = run.RowCountsBeforeJson is null ? [] : JsonSerializer.Deserialize<Dictionary<string, long>>(run.RowCountsBeforeJson, RolloutStore.Json) ?? [];
        var counts = after.Where(a => before.ContainsKey(a.Key)).ToDictionary(a => a.Key, a => (before[a.Key], a.Value));
        var violations = await checker.ForeignKeyViolationsAsync(after.Keys, cancellationToken);
        return new IntegrityReport(counts, violations);
    }

    private static object Readings(IntegrityReport report) => new
    {
        rowCounts = report.RowCounts.ToDictionary(c => c.Key, c => new { before = c.Value.Before, after = c.Value.After }),
        foreignKeyViolations = report.ForeignKeyViolations,
    };
}
