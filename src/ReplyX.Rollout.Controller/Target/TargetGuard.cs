using System.Text.Json;
using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Controller.Target;

/// <summary>
/// R001's "wrong database targeted", checked where it matters: a phase starts only against the database and
/// environment it names (or the controller's own <c>TargetDatabase</c>/<c>TargetEnvironment</c>), preflight pins the
/// target's identity on the run, and every later pass, and every DDL connection, checks that it still reaches it.
/// </summary>
public sealed class TargetGuard(RolloutTarget target, IOptions<ControllerOptions> options)
{
    public Task<TargetIdentity> ReadAsync(CancellationToken cancellationToken) => TargetIdentity.ReadAsync(target.ConnectionString, cancellationToken);

    /// <summary>Why this phase must not run against this target, or null.</summary>
    public string? Refusal(PhaseDefinition phase, TargetIdentity identity) =>
        (phase.Target with { Database = phase.Target.Database ?? options.Value.TargetDatabase }).Mismatch(identity, options.Value.TargetEnvironment);

    public static TargetIdentity? Pinned(RolloutRun run) =>
        run.TargetIdentityJson is null ? null : JsonSerializer.Deserialize<TargetIdentity>(run.TargetIdentityJson, RolloutStore.Json);

    /// <summary>Throws <see cref="TargetMismatchException"/> when the run's pinned target is not what the connection reaches now.</summary>
    public async Task EnsurePinnedAsync(RolloutRun run, CancellationToken cancellationToken)
    {
        if (Pinned(run) is { } pinned && await ReadAsync(cancellationToken) is var actual && !pinned.SameDatabase(actual))
        {
            throw new TargetMismatchException(pinned, actual);
        }
    }
}
