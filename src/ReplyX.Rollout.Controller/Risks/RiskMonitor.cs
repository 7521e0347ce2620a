using Microsoft.Extensions.Options;
using Npgsql;
using ReplyX.Rollout.Controller.Leadership;

namespace ReplyX.Rollout.Controller.Risks;

/// <summary>
/// The seed's continuous risk monitor, run by the leader every <see cref="RiskMonitorOptions.Interval"/> whether or
/// not a phase is active (one replica alerts, never several). A failed look is logged and retried at the next tick.
/// </summary>
public sealed partial class RiskMonitor(RiskMonitorTick tick, LeaderElection leader, WriterFence fence, TimeProvider time, IOptions<RiskMonitorOptions> options, ILogger<RiskMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
                if (!leader.IsLeader || leader.Epoch is not { } epoch)
                {
                    continue;
                }

                using var look = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, leader.Lost);
                using var scope = fence.Enter(epoch);
                await tick.RunAsync(look.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is NpgsqlException or LeadershipLostException or OperationCanceledException or InvalidOperationException or IOException)
            {
                LogFailed(logger, exception.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk monitor look failed; retrying at the next tick: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
