using System.Text.Json;
using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Steps;
using ReplyX.Rollout.Controller.Verdicts;
using ReplyX.Rollout.Core.Criteria;

namespace ReplyX.Rollout.Controller.Reports;

/// <summary>Reads a run's report from the controller's database alone (never the metrics store): any past run can be drawn.</summary>
public sealed class RunReportReader(RolloutStore store, RunLooks looks, OwnershipLedger ledger, RunPhases phases)
{
    public async Task<RunReport?> ReadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } run)
        {
            return null;
        }

        return new RunReport(run, phases.For(run).Phase,
            await store.StepsAsync(id, cancellationToken),
            await store.EventsAsync(id, 0, cancellationToken),
            await looks.ReadAsync(id, cancellationToken),
            run.SuccessCriteriaJson is null ? [] : JsonSerializer.Deserialize<List<CriterionResult>>(run.SuccessCriteriaJson, RolloutStore.Json) ?? [],
            await ledger.ObjectsAsync(id, cancellationToken));
    }
}
