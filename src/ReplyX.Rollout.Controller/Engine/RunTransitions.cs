using System.Diagnostics;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Telemetry;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Engine;

/// <summary>
/// The engine's one door for moving a run: the store's checked transition (row lock, transition table, event and
/// flag in one transaction), then its span, metrics and log line. Null when another actor moved the run first or a
/// waiting human request takes precedence.
/// </summary>
public sealed partial class RunTransitions(RolloutStore store, RolloutTelemetry telemetry, ILogger<RunTransitions> logger)
{
    public async Task<RolloutRun?> MoveAsync(
        RolloutRun run, RolloutState to, string reason, object? readings, Func<RolloutRun, RolloutRun>? change, CancellationToken cancellationToken, bool yieldToRequest = true)
    {
        var moved = await store.TransitionAsync(run.Id, run.State, to, reason, readings, change, cancellationToken, yieldToRequest);
        if (moved is null)
        {
            return null;
        }

        using var span = RolloutTelemetry.StartRunSpan($"{run.State} -> {to}", run.TraceParent);
        span?.SetTag("replyx.reason", reason);
        span?.SetTag("replyx.percentage", moved.Percentage);
        if (to is RolloutState.Failed or RolloutState.RollingBack)
        {
            span?.SetStatus(ActivityStatusCode.Error, reason);
        }

        telemetry.Transitioned(run.PhaseId, run.State, to);
        telemetry.Observe(moved.Flag, moved.Percentage, moved.State);
        LogTransition(logger, run.Id, run.PhaseId, run.State, to, reason);
        return moved;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} ({Phase}): {From} -> {To}: {Reason}")]
    private static partial void LogTransition(ILogger logger, Guid runId, string phase, RolloutState from, RolloutState to, string reason);
}
