using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Leadership;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Controller.Telemetry;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Ownership;

namespace ReplyX.Rollout.Controller.Steps;

/// <summary>
/// Runs one step of a run against the target and records it: first what it may touch (<see cref="StepOwnership"/>),
/// then the executor with its retries and progress (saved every 2 s while it runs), then the outcome on the run,
/// its span, metric and log line.
/// </summary>
public sealed partial class StepRunner(
    RolloutStore store,
    StepOwnership ownership,
    RolloutTarget target,
    RolloutTelemetry telemetry,
    WriterFence fence,
    IMetricsSource metrics,
    TimeProvider time,
    IOptions<ControllerOptions> options,
    ILogger<StepRunner> logger)
{
    private static readonly TimeSpan ProgressSaveInterval = TimeSpan.FromSeconds(2);

    public async Task<StepOutcome> RunAsync(RolloutRun run, StepRequest request, CancellationToken cancellationToken) =>
        await RunAsync(run, request, null, cancellationToken);

    /// <summary>Runs a step; <paramref name="phase"/> gives a backfill its latency guardrail line.</summary>
    public async Task<StepOutcome> RunAsync(RolloutRun run, StepRequest request, PhaseDefinition? phase, CancellationToken cancellationToken)
    {
        var previous = (await store.StepsAsync(run.Id, cancellationToken)).FirstOrDefault(s => s.Kind == request.Kind && s.Ordinal == request.Ordinal);
        if (previous?.Status == RunStep.Running)
        {
            await store.RecordEventAsync(run.Id, "step-resumed", $"step '{request.Name}' was interrupted (controller restart); the journal decides whether it already applied", null, cancellationToken);
        }

        var startedAt = time.GetUtcNow();
        var attemptsBefore = previous?.Attempts ?? 0;
        var plan = await ownership.PlanAsync(request, cancellationToken);
        await RecordOwnershipAsync(run.Id, request, plan, cancellationToken);
        if (plan.Refusal is { } refusal)
        {
            return await RecordAsync(run, request, plan, startedAt, attemptsBefore, null,
                new StepOutcome(false, false, 0, TimeSpan.Zero, false, 0, [], [], [], refusal), cancellationToken);
        }

        request = request with { Skip = plan.Skip.Keys.ToHashSet() };
        await store.SaveStepAsync(run.Id, new RunStep(request.Kind, request.Ordinal, request.Name, RunStep.Running, attemptsBefore, startedAt, null,
            JsonSerializer.Serialize(new { sql = request.Sql }, RolloutStore.Json)), cancellationToken);

        using var span = RolloutTelemetry.StartRunSpan($"{request.Kind} step: {request.Name}", run.TraceParent);
        span?.SetTag("db.system", "postgresql");
        span?.SetTag("db.statement", request.Sql);
        span?.SetTag("replyx.step.kind", request.Kind);
        span?.SetTag("replyx.step.ordinal", request.Ordinal);

        var progress = new StepProgressRecorder();
        using var saving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var saver = SaveProgressAsync(run.Id, request, startedAt, attemptsBefore, progress, saving.Token);
        var executor = new StepExecutor(target.ConnectionString, time, fence.Epoch ?? 0) 
        {
            RetryDelay = options.Value.StepRetryDelay,
            ExpectedTarget = TargetGuard.Pinned(run),
            BackfillObserver = request.Backfill is null ? null : new RunBackfillObserver(run, request.Name, store, metrics, time),
            BackfillP95Limit = phase?.Guardrails.LatencyP95.MaxRegression ?? new LatencyGuardrail().MaxRegression,
        };
        StepOutcome outcome;
        try
        {
            outcome = await executor.ExecuteAsync(request, progress, cancellationToken);
        }
        finally
        {
            await saving.CancelAsync();
            await saver;
        }

        outcome = await RecordAsync(run, request, plan, startedAt, attemptsBefore, progress.Latest, outcome, cancellationToken);
        span?.SetTag("replyx.step.attempts", outcome.Attempts);
        span?.SetTag("replyx.step.lock_timeouts", outcome.LockTimeouts);
        span?.SetTag("replyx.step.already_applied", outcome.AlreadyApplied);
        span?.SetTag("replyx.step.blocked_by", string.Join(',', outcome.BlockedBy));
        span?.SetTag("replyx.step.skipped_statements", plan.Skip.Count);
        foreach (var retried in outcome.RetriedErrors)
        {
            span?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["error"] = retried }));
        }

        foreach (var dropped in outcome.DroppedInvalidIndexes)
        {
            span?.AddEvent(new ActivityEvent("dropped invalid index", tags: new ActivityTagsCollection { ["index"] = dropped }));
        }

        if (!outcome.Succeeded)
        {
            span?.SetStatus(ActivityStatusCode.Error, outcome.Error);
        }

        return outcome;
    }

    /// <summary>What ownership found, as events: adoptions, skipped rollback statements, refusals and unchecked blocks.</summary>
    private async Task RecordOwnershipAsync(Guid runId, StepRequest request, OwnershipPlan plan, CancellationToken cancellationToken)
    {
        var statements = SqlStatement.Split(request.Sql);
        foreach (var (index, reason) in plan.Skip.OrderBy(s => s.Key))
        {
            var kind = request.Kind == StepRequest.RollbackKind ? "rollback-statement-skipped" : "object-adopted";
            await store.RecordEventAsync(runId, kind, $"{request.Kind} step '{request.Name}', statement {index + 1}: {reason}",
                new { statement = statements[index].Text, reason }, cancellationToken);
        }

        if (plan.Refusal is { } refusal)
        {
            await store.RecordEventAsync(runId, "step-refused", $"{request.Kind} step '{request.Name}' {refusal}",
                new { findings = plan.Findings.Where(f => f.Refuses) }, cancellationToken);
        }
    }

    private async Task<StepOutcome> RecordAsync(
        RolloutRun run, StepRequest request, OwnershipPlan plan, DateTimeOffset startedAt, int attemptsBefore, StepProgress? progress, StepOutcome outcome, CancellationToken cancellationToken)
    {
        var statements = SqlStatement.Split(request.Sql).Count;
        var adopted = request.Kind != StepRequest.RollbackKind && outcome.Succeeded && plan.SkipsAll(statements);
        var detail = new
        {
            sql = request.Sql,
            outcome.Transactional,
            outcome.AlreadyApplied,
            adopted,
            outcome.Attempts,
            durationSeconds = Math.Round(outcome.Duration.TotalSeconds, 3),
            outcome.LockTimeouts,
            retriedErrors = outcome.RetriedErrors,
            droppedInvalidIndexes = outcome.DroppedInvalidIndexes,
            blockedBy = outcome.BlockedBy,
            longestWaitImposedSeconds = Math.Round(outcome.LongestWaitImposed, 3),
            sessionsBlocked = outcome.SessionsBlocked,
            progress,
            backfill = outcome.Backfill,
            ownership = plan.Findings.Select(f => new { @object = f.Object.ToString(), verdict = f.Verdict.ToString(), f.Existing, f.Intended, f.Note }),
            skippedStatements = plan.Skip.OrderBy(s => s.Key).Select(s => new { statement = s.Key + 1, reason = s.Value }),
            notes = plan.Notes,
            outcome.Error,
        };
        await store.SaveStepAsync(run.Id, new RunStep(request.Kind, request.Ordinal, request.Name, outcome.Succeeded ? RunStep.Succeeded : RunStep.Failed,
            attemptsBefore + outcome.Attempts, startedAt, time.GetUtcNow(), JsonSerializer.Serialize(detail, RolloutStore.Json)), cancellationToken);
        await store.RecordEventAsync(run.Id, outcome.Succeeded ? "step-succeeded" : "step-failed", Describe(request, outcome, adopted, plan), detail, cancellationToken);
        telemetry.StepFinished(run.PhaseId, request.Kind, outcome.Succeeded, outcome.Duration);
        LogStep(logger, run.Id, request.Kind, request.Name, outcome.Succeeded, outcome.Attempts, outcome.Error);
        return outcome;
    }

    private static string Describe(StepRequest request, StepOutcome outcome, bool adopted, OwnershipPlan plan) =>
        !outcome.Succeeded ? $"{request.Kind} step '{request.Name}' failed after {outcome.Attempts} attempt(s): {outcome.Error}"
        : outcome.AlreadyApplied ? $"{request.Kind} step '{request.Name}' was already applied (journal); not run again"
        : adopted ? $"{request.Kind} step '{request.Name}' adopted, not created: every object it creates already existed with the same definition; its rollback will leave them"
        : plan.Skip.Count > 0 ? $"{request.Kind} step '{request.Name}' applied in {outcome.Duration.TotalSeconds:F1} s after {outcome.Attempts} attempt(s); {plan.Skip.Count} statement(s) skipped (see the step)"
        : outcome.Backfill is { } walked ? $"{request.Kind} step '{request.Name}' backfilled {walked.RowsUpdated:N0} row(s) of {walked.RowsScanned:N0} walked in {walked.Batches:N0} batch(es), {outcome.Duration.TotalSeconds:F1} s"
        : $"{request.Kind} step '{request.Name}' applied in {outcome.Duration.TotalSeconds:F1} s after {outcome.Attempts} attempt(s)";

    private async Task SaveProgressAsync(Guid runId, StepRequest request, DateTimeOffset startedAt, int attempts, StepProgressRecorder progress, CancellationToken cancellationToken)
    {
        var saved = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(ProgressSaveInterval, time, cancellationToken);
                if (progress.Latest is { } latest && progress.Samples != saved)
                {
                    saved = progress.Samples;
                    await store.SaveStepAsync(runId, new RunStep(request.Kind, request.Ordinal, request.Name, RunStep.Running, attempts, startedAt, null,
                        JsonSerializer.Serialize(new { sql = request.Sql, progress = latest }, RolloutStore.Json)), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The step finished.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Kind} step '{Name}' succeeded={Succeeded} after {Attempts} attempt(s) {Error}")]
    private static partial void LogStep(ILogger logger, Guid runId, string kind, string name, bool succeeded, int attempts, string? error);
}
