using System.Text.Json;
using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Controller.Ramp;

/// <summary>
/// Before the first step and before the first stage: is all traffic back to its baseline (after preflight; after
/// the steps and the gates)? A change applied to, or a stage judged on, a disturbed system would be compared with
/// a baseline it no longer resembles. Waits up to SettleTimeout from the first unsettled look (kept on the run's
/// marks), then proceeds and says so: the stages' baseline guardrail judges the result.
/// </summary>
public sealed class Settling(RolloutStore store, IMetricsSource metrics, TimeProvider time, IOptions<ControllerOptions> options)
{
    public async Task<bool> SettledAsync(RolloutRun run, PhaseDefinition phase, string before, string proceeding, CancellationToken cancellationToken)
    {
        if (!options.Value.GuardrailsEnabled || run.BaselineJson is null)
        {
            return true;
        }

        var now = time.GetUtcNow();
        var baseline = LatencyHistogram.FromSnapshot(JsonSerializer.Deserialize<HistogramSnapshot>(run.BaselineJson, RolloutStore.Json)!).Quantile(0.95) ?? 0;
        var look = SettleCheck.Look(metrics, baseline, now, phase.Guardrails.LatencyP95);
        if (look.Settled)
        {
            if (run.Marks.SettlingSince is not null)
            {
                await store.MarkAsync(run.Id, m => m with { SettlingSince = null }, cancellationToken);
                await store.RecordEventAsync(run.Id, "settled", $"all traffic back to its baseline {before}: {look.Describe()} over the last {SettleCheck.Window.TotalSeconds:F0} s", null, cancellationToken);
            }

            return true;
        }

        if (run.Marks.SettlingSince is not { } since)
        {
            await store.MarkAsync(run.Id, m => m with { SettlingSince = now }, cancellationToken);
            await store.RecordEventAsync(run.Id, "settling", $"waiting for all traffic to return to its baseline {before}: {look.Describe()} (+{look.Tolerated * 100:F0}% allowed)", null, cancellationToken);
            return false;
        }

        if (now - since > options.Value.SettleTimeout)
        {
            // A system that stays off its baseline is not made safer by waiting longer.
            await store.MarkAsync(run.Id, m => m with { SettlingSince = null }, cancellationToken);
            await store.RecordEventAsync(run.Id, "not-settled",
                $"all traffic still above its baseline {Durations.Format(options.Value.SettleTimeout)} after the wait began ({look.Describe()}); {proceeding}, the baseline guardrail judges the stages",
                new { p95Ms = look.P95 * 1000, baselineP95Ms = baseline * 1000 }, cancellationToken);
            return true;
        }

        return false;
    }
}
