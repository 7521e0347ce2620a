using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Requests;

/// <summary>The engine's side of a human request: honoured as <see cref="RequestPolicy"/> says, or refused with the reason.</summary>
public sealed class RequestHandler(RunTransitions transitions, RolloutStore store)
{
    /// <summary>True when the run had a request (acted on or refused): the pass ends there.</summary>
    public async Task<bool> HandleAsync(RolloutRun run, CancellationToken cancellationToken)
    {
        if (run.RequestedAction is not { } request)
        {
            return false;
        }

        var decision = RequestPolicy.Decide(run.State, run.PausedFrom, request);
        if (!decision.Honoured)
        {
            // Only a run that changed state without the engine (a resume racing an abort) gets here: say so on the run.
            await store.UpdateAsync(run.Id, r => r with { RequestedAction = null }, "request-refused", $"{request.Name()} refused: {decision.Reason}", null, cancellationToken);
            return true;
        }

        await transitions.MoveAsync(run, decision.To!.Value, decision.Reason, null,
            decision.To == RolloutState.Paused
                ? r => r with { PausedFrom = r.State, RequestedAction = null }
                : r => r with { PausedFrom = null, RequestedAction = null, Percentage = 0 },
            cancellationToken, yieldToRequest: false);
        return true;
    }
}
