using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Phases;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Target;

namespace ReplyX.Rollout.Controller.Model;

/// <summary>What the controller's handlers need, bound with [AsParameters].</summary>
public sealed class ControllerServices(RolloutStore store, PhaseCatalog phases, EngineSignal signal, TimeProvider time, IOptions<ControllerOptions> options, RolloutTarget target, Steps.OwnershipLedger ledger, TargetGuard guard, Rollback.Recovery recovery)
{
    public RolloutStore Store { get; } = store;

    public PhaseCatalog Phases { get; } = phases;

    public EngineSignal Signal { get; } = signal;

    public TimeProvider Time { get; } = time;

    public IOptions<ControllerOptions> Options { get; } = options;

    public RolloutTarget Target { get; } = target;

    public Steps.OwnershipLedger Ledger { get; } = ledger;

    public TargetGuard Guard { get; } = guard;

    public Rollback.Recovery Recovery { get; } = recovery;
}
