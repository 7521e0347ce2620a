using Microsoft.Extensions.Options;
using Npgsql;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Leadership;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Execution;

namespace ReplyX.Rollout.Controller.Engine;

/// <summary>
/// The controller's work loop: become (or stay) leader, then run one reconcile pass over every active run,
/// each isolated so one run's failure (a database hiccup, a bug) backs off that run alone. Followers only
/// wait for the leader's lock.
/// </summary>
public sealed partial class RolloutEngine(
    RolloutStore store,
    RolloutReconciler reconciler,
    LeaderElection leader,
    WriterFence fence,
    TargetFence targetFence,
    EngineSignal signal,
    TimeProvider time,
    IOptions<ControllerOptions> options,
    ILogger<RolloutEngine> logger) : BackgroundService
{
    private readonly Dictionary<Guid, (int Failures, DateTimeOffset RetryAt)> _backoff = [];
    private long? _fencedEpoch;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await leader.EnsureAsync(stoppingToken))
                {
                    await signal.WaitAsync(options.Value.LeaderRetryInterval, time, stoppingToken);
                    continue;
                }

                var epoch = leader.Epoch!.Value;
                // The pass runs under the leader's epoch and is cancelled the moment leadership is lost, mid-step included.
                using var pass = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, leader.Lost);
                using var scope = fence.Enter(epoch);
                if (_fencedEpoch != epoch)
                {
                    await targetFence.RaiseAsync(epoch, pass.Token);
                    _fencedEpoch = epoch;
                }

                var worked = await PassAsync(pass.Token);
                if (!worked)
                {
                    await signal.WaitAsync(options.Value.PollInterval, time, pass.Token);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is LeadershipLostException or StaleEpochException || (exception is OperationCanceledException && leader.Lost.IsCancellationRequested))
            {
                LogDeposed(logger, exception.Message);
                _backoff.Clear();
            }
            catch (NpgsqlException exception)
            {
                LogDatabaseUnavailable(logger, exception.Message);
                await signal.WaitAsync(options.Value.LeaderRetryInterval, time, stoppingToken);
            }
        }

        await leader.DisposeAsync();
    }

    /// <summary>One pass over the active runs; true when any run changed, so the next pass follows at once.</summary>
    private async Task<bool> PassAsync(CancellationToken cancellationToken)
    {
        var worked = false;
        foreach (var run in await store.ListAsync(activeOnly: true, limit: 100, cancellationToken))
        {
            if (run.State == Core.Rollouts.RolloutState.Paused && run.RequestedAction is null)
            {
                continue;
            }

            if (_backoff.TryGetValue(run.Id, out var backoff) && backoff.RetryAt > time.GetUtcNow())
            {
                continue;
            }

            try
            {
                await reconciler.ReconcileAsync(run, cancellationToken);
                _backoff.Remove(run.Id);
                var after = await store.GetAsync(run.Id, cancellationToken);
                worked |= after is not null && (after.State != run.State || after.StageIndex != run.StageIndex || after.UpdatedAt != run.UpdatedAt);
            }
            catch (Exception exception) when (exception is not (LeadershipLostException or StaleEpochException) && (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
            {
                var failures = backoff.Failures + 1;
                var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, failures)));
                _backoff[run.Id] = (failures, time.GetUtcNow() + delay);
                LogPassFailed(logger, exception, run.Id, failures, delay.TotalSeconds);
                await TryRecordAsync(run.Id, exception, failures, cancellationToken);
            }
        }

        return worked;
    }

    private async Task TryRecordAsync(Guid runId, Exception exception, int failures, CancellationToken cancellationToken)
    {
        try
        {
            await store.RecordEventAsync(runId, "pass-failed", $"reconcile pass failed ({failures} in a row), retrying with backoff: {exception.Message}", null, cancellationToken);
        }
        catch (NpgsqlException)
        {
            // The controller database itself is down; the log line above is all we can do.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No longer the leader; the pass was abandoned and nothing more is written under the old epoch: {Reason}")]
    private static partial void LogDeposed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Controller database unavailable: {Reason}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile of run {RunId} failed ({Failures} in a row); retry in {Seconds} s")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, Guid runId, int failures, double seconds);
}
