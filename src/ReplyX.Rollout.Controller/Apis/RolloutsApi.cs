using Microsoft.AspNetCore.Http.HttpResults;
using ReplyX.Rollout.Controller.Model;
using ReplyX.Rollout.Controller.Requests;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Telemetry;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Rollouts;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Controller.Apis;

/// <summary>Start, watch and steer rollouts. Reads are open; every change needs the API key.</summary>
internal static class RolloutsApi
{
    public static RouteGroupBuilder MapRolloutsApi(this RouteGroupBuilder api)
    {
        var rollouts = api.MapGroup("/rollouts").WithTags("Rollouts");
        rollouts.MapGet("/", ListRollouts).WithName("ListRollouts").WithSummary("Runs, newest first");
        rollouts.MapGet("/{id:guid}", GetRollout).WithName("GetRollout").WithSummary("One run with its steps and events");

        var changes = rollouts.MapGroup("/").AddEndpointFilter<ApiKeyFilter>();
        changes.MapPost("/", StartRollout).WithName("StartRollout").WithSummary("Start a rollout of a phase");
        changes.MapPost("/{id:guid}/pause", Pause).WithName("PauseRollout").WithSummary("Pause at the next safe point");
        changes.MapPost("/{id:guid}/resume", Resume).WithName("ResumeRollout").WithSummary("Resume a paused run where it stopped");
        changes.MapPost("/active/abort", AbortActive).WithName("AbortActiveRollout").WithSummary("Abort the newest active run (the dashboard's abort button)");
        changes.MapPost("/{id:guid}/abort", Abort).WithName("AbortRollout").WithSummary("Abort and roll back every applied step");
        changes.MapPost("/{id:guid}/approve", Approve).WithName("ApproveRollout").WithSummary("Approve the last stage of a phase that asks for a human");
        changes.MapPost("/{id:guid}/restore", Restore).WithName("RestoreRollout").WithSummary("Recovery of a rolled-back or failed run: level 3 restores its verified backup, level 4 promotes the standby");
        return rollouts;
    }

    public static async Task<Ok<IReadOnlyList<RolloutView>>> ListRollouts([AsParameters] ControllerServices services, bool? active, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<RolloutView>>([.. (await services.Store.ListAsync(active == true, Math.Clamp(limit ?? 50, 1, 500), cancellationToken)).Select(r => RolloutView.From(r))]);

    public static async Task<Results<Ok<RolloutView>, ProblemHttpResult>> GetRollout([AsParameters] ControllerServices services, Guid id, CancellationToken cancellationToken)
    {
        var run = await services.Store.GetAsync(id, cancellationToken);
        return run is null
            ? NotFound(id)
            : TypedResults.Ok(RolloutView.From(run, await services.Store.StepsAsync(id, cancellationToken), await services.Store.EventsAsync(id, 0, cancellationToken),
                [.. (await services.Ledger.ObjectsAsync(id, cancellationToken)).Select(OwnedObjectView.From)]));
    }

    public static async Task<Results<Created<RolloutView>, ProblemHttpResult, ValidationProblem>> StartRollout(
        [AsParameters] ControllerServices services, StartRolloutRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Phase))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["phase"] = ["phase is required: the id of a phase in the phases folder."] });
        }

        TimeSpan? bake = null;
        if (request.Bake is not null)
        {
            if (!Durations.TryParse(request.Bake, out var parsed) || parsed > TimeSpan.FromDays(7))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["bake"] = [$"bake '{request.Bake}' is not a duration such as 5s or 2m."] });
            }

            bake = parsed;
        }

        TimeSpan? silence = null;
        if (request.MetricsSilence is not null)
        {
            if (!Durations.TryParse(request.MetricsSilence, out var parsed) || parsed < TimeSpan.FromSeconds(1) || parsed > TimeSpan.FromHours(1))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["metricsSilence"] = [$"metricsSilence '{request.MetricsSilence}' is not a duration between 1s and 1h."] });
            }

            silence = parsed;
        }

        TimeSpan? capacity = null;
        if (request.CapacityDuration is not null)
        {
            if (!Durations.TryParse(request.CapacityDuration, out var parsed) || parsed < TimeSpan.FromSeconds(1) || parsed > TimeSpan.FromHours(1))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["capacityDuration"] = [$"capacityDuration '{request.CapacityDuration}' is not a duration between 1s and 1h."] });
            }

            capacity = parsed;
        }

        if (request.CapacityRate is { } rate && (!double.IsFinite(rate) || rate < 1 || rate > 10_000))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["capacityRate"] = [$"capacityRate {rate} is not an arrival rate between 1 and 10000 requests/s."] });
        }

        if (request.AdvanceOn is not (null or "evidence" or "samples"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["advanceOn"] = [$"advanceOn '{request.AdvanceOn}' is neither 'evidence' (the default) nor 'samples'."] });
        }

        var set = services.Phases.Load();
        var phase = set.Phases.FirstOrDefault(p => p.Id == request.Phase);
        if (phase is null)
        {
            return TypedResults.Problem(title: "Unknown phase", statusCode: StatusCodes.Status404NotFound,
                detail: $"No phase '{request.Phase}' in {services.Phases.Directory}; known: {string.Join(", ", set.Phases.Select(p => p.Id))}.");
        }

        var errors = set.Diagnostics.Where(d => d.IsError && d.File == phase.SourceFile).Select(d => d.ToString()).ToArray();
        if (errors.Length > 0)
        {
            return TypedResults.Problem(title: "Phase does not validate", statusCode: StatusCodes.Status422UnprocessableEntity,
                detail: string.Join("\n", errors));
        }

        // R001: a phase meant for another database or environment never starts here.
        TargetIdentity identity;
        try
        {
            identity = await services.Guard.ReadAsync(cancellationToken);
        }
        catch (Npgsql.NpgsqlException exception)
        {
            return TypedResults.Problem(title: "Target unreachable", detail: $"The target database could not be reached to check it: {exception.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (services.Guard.Refusal(phase, identity) is { } wrong)
        {
            return TypedResults.Problem(title: "Wrong target", detail: $"Phase '{phase.Id}' refused: {wrong}. Target: {identity}.", statusCode: StatusCodes.Status409Conflict);
        }

        string? traceParent;
        using (var root = RolloutTelemetry.Source.StartActivity($"rollout {phase.Id}", System.Diagnostics.ActivityKind.Internal, parentContext: default))
        {
            root?.SetTag("replyx.phase", phase.Id);
            root?.SetTag(ReplyX.Rollout.Primitives.Flags.FeatureFlagAttributes.Key, phase.Flag);
            traceParent = root?.Id;
        }

        foreach (var dependency in phase.DependsOn)
        {
            if (!await services.Store.HasCompletedAsync(dependency, cancellationToken))
            {
                return TypedResults.Problem(title: "Dependency not completed", statusCode: StatusCodes.Status409Conflict,
                    detail: $"Phase '{phase.Id}' depends on '{dependency}', which has no completed rollout yet.");
            }
        }

        var now = services.Time.GetUtcNow();
        try
        {
            var run = await services.Store.CreateAsync(new RolloutRun
            {
                Id = Guid.CreateVersion7(now),
                PhaseId = phase.Id,
                Flag = phase.Flag,
                State = RolloutState.Pending,
                PhaseYaml = await File.ReadAllTextAsync(phase.SourceFile, cancellationToken),
                Overrides = new RunOverrides { Bake = bake, MetricsSilence = silence, CapacityDuration = capacity, CapacityRate = request.CapacityRate, AdvanceOnSamples = request.AdvanceOn == "samples" ? true : null },
                CreatedAt = now,
                TraceParent = traceParent,
                TouchedTables = PhasePlanner.Build(phase, set.Risks).TouchedTables,
            }, cancellationToken);
            services.Signal.Wake();
            return TypedResults.Created($"/api/rollouts/{run.Id}", RolloutView.From(run));
        }
        catch (RolloutConflictException conflict)
        {
            return TypedResults.Problem(title: "A rollout is already active", detail: conflict.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    public static Task<Results<Accepted<RolloutView>, ProblemHttpResult>> Pause([AsParameters] ControllerServices services, Guid id, CancellationToken cancellationToken) =>
        RequestAsync(services, id, RunRequest.Pause, cancellationToken);

    public static Task<Results<Accepted<RolloutView>, ProblemHttpResult>> Abort([AsParameters] ControllerServices services, Guid id, CancellationToken cancellationToken) =>
        RequestAsync(services, id, RunRequest.Abort, cancellationToken);

    public static async Task<Results<Accepted<RolloutView>, ProblemHttpResult>> AbortActive([AsParameters] ControllerServices services, CancellationToken cancellationToken)
    {
        var active = (await services.Store.ListAsync(activeOnly: true, limit: 1, cancellationToken)).FirstOrDefault();
        return active is null
            ? TypedResults.Problem(title: "No active rollout", detail: "There is no active rollout to abort.", statusCode: StatusCodes.Status404NotFound)
            : await Abort(services, active.Id, cancellationToken);
    }

    public static async Task<Results<Ok<RolloutView>, ProblemHttpResult>> Resume([AsParameters] ControllerServices services, Guid id, CancellationToken cancellationToken)
    {
        var run = await services.Store.GetAsync(id, cancellationToken);
        if (run is null)
        {
            return NotFound(id);
        }

        if (run.State != RolloutState.Paused || run.PausedFrom is not { } from)
        {
            return Conflict($"only a paused run can be resumed; this one is {run.State}");
        }

        var pausedFor = services.Time.GetUtcNow() - run.StateEnteredAt;
        // The bake clock stops while paused: a stage keeps the bake it had left.
        var moved = await services.Store.TransitionAsync(id, RolloutState.Paused, from, $"resumed by request after {Durations.Format(TimeSpan.FromSeconds(Math.Round(pausedFor.TotalSeconds)))}", null,
            r => r with { PausedFrom = null, StageStartedAt = r.StageStartedAt + pausedFor }, cancellationToken);
        services.Signal.Wake();
        return moved is null ? Conflict("the run changed while resuming; try again") : TypedResults.Ok(RolloutView.From(moved));
    }

    public static async Task<Results<Ok<RolloutView>, ProblemHttpResult>> Approve([AsParameters] ControllerServices services, Guid id, CancellationToken cancellationToken)
    {
        string? refusal = null;
        var updated = await services.Store.UpdateAsync(id, r =>
        {
            if (!r.AwaitingApproval || r.State != RolloutState.Ramping)
            {
                refusal = $"the run is {r.State} and not waiting for approval";
                return null;
            }

            return r with { ApprovedAt = services.Time.GetUtcNow() };
        }, "approved", "the last stage was approved by a human", null, cancellationToken);
        services.Signal.Wake();
        return updated is not null ? TypedResults.Ok(RolloutView.From(updated)) : refusal is null ? NotFound(id) : Conflict(refusal);
    }

    public static async Task<Results<Ok<RolloutView>, ProblemHttpResult>> Restore([AsParameters] ControllerServices services, Guid id, RestoreRequest request, CancellationToken cancellationToken)
    {
        var run = await services.Store.GetAsync(id, cancellationToken);
        if (run is null)
        {
            return NotFound(id);
        }

        var level = request.Level ?? 3;
        if (services.Recovery.Refusal(run, level) is { } refusal)
        {
            return Conflict(refusal);
        }

        if (request.Confirm != run.PhaseId)
        {
            return TypedResults.Problem(title: "Recovery not confirmed", statusCode: StatusCodes.Status400BadRequest,
                detail: level == 4
                    ? $"Promoting the standby makes it a primary for good; clients must be repointed and the old primary kept from taking writes. Repeat the phase id ('{run.PhaseId}') in 'confirm' to proceed."
                    : $"Restoring replaces the target database's objects with the backup taken before this run. Repeat the phase id ('{run.PhaseId}') in 'confirm' to proceed.");
        }

        try
        {
            _ = level == 4 ? await services.Recovery.PromoteStandbyAsync(run, cancellationToken) : await services.Recovery.RestoreBackupAsync(run, cancellationToken);
        }
        catch (Exception exception) when (exception is PostgresToolException or Npgsql.NpgsqlException)
        {
            await services.Store.RecordEventAsync(id, "restore-failed", exception.Message, new { level }, cancellationToken);
            return TypedResults.Problem(title: "Recovery failed", detail: exception.Message, statusCode: StatusCodes.Status500InternalServerError);
        }

        return TypedResults.Ok(RolloutView.From((await services.Store.GetAsync(id, cancellationToken))!, events: await services.Store.EventsAsync(id, 0, cancellationToken)));
    }

    /// <summary>Records a pause or abort for the engine as <see cref="RequestPolicy.Accept"/> says; otherwise 409 with its reason.</summary>
    private static async Task<Results<Accepted<RolloutView>, ProblemHttpResult>> RequestAsync(
        ControllerServices services, Guid id, RunRequest request, CancellationToken cancellationToken)
    {
        string? refusal = null;
        var updated = await services.Store.UpdateAsync(id, r =>
        {
            (var next, refusal) = RequestPolicy.Accept(r, request);
            return next;
        }, "requested", $"{request.Name()} requested", null, cancellationToken);
        services.Signal.Wake();
        return updated is not null
            ? TypedResults.Accepted($"/api/rollouts/{id}", RolloutView.From(updated))
            : refusal is null ? NotFound(id) : Conflict(refusal);
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(title: "Unknown rollout", detail: $"No rollout {id}.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(title: "Not possible in the run's current state", detail: detail, statusCode: StatusCodes.Status409Conflict);
}
