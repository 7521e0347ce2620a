using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace ReplyX.LoadGen;

/// <summary>
/// Drives the workload open-loop at a fixed arrival rate: arrivals are scheduled on the clock, not after the
/// previous response, so a slow workload shows up as latency (and drops past MaxInFlight), not as less load.
/// </summary>
public sealed partial class LoadGenerator(
    SimulatedUsers users,
    LatencyRecorder recorder,
    IOptions<LoadOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<LoadGenerator> logger) : BackgroundService
{
    public static readonly ActivitySource ActivitySource = new("ReplyX.LoadGen");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var mix = EndpointMix.Parse(settings.Mix);
        var random = new Random(settings.Seed);
        var inFlight = new SemaphoreSlim(settings.MaxInFlight);
        var interval = TimeSpan.FromSeconds(1 / settings.Rate);
        var started = timeProvider.GetTimestamp();
        var nextReport = settings.ReportInterval;
        long sent = 0;

        LogStarting(logger, settings.Target, settings.Rate, settings.Users, settings.Mix);
        while (!stoppingToken.IsCancellationRequested)
        {
            var elapsed = timeProvider.GetElapsedTime(started);
            if (settings.Duration > TimeSpan.Zero && elapsed >= settings.Duration)
            {
                break;
            }

            if (elapsed >= nextReport)
            {
                foreach (var summary in recorder.TakeWindow())
                {
                    LogWindow(logger, summary.ToString());
                }

                nextReport += settings.ReportInterval;
            }

            var due = interval * sent;
            if (due > elapsed)
            {
                await Task.Delay(due - elapsed, timeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            sent++;
            var action = mix.Pick(random.NextDouble());
            var userId = random.NextInt64(1, settings.Users + 1);
            var requestRandom = new Random(random.Next());
            if (!inFlight.Wait(0, CancellationToken.None))
            {
                recorder.RecordDropped();
                continue;
            }

            _ = SendOneAsync(action, userId, requestRandom, inFlight, stoppingToken);
        }

        LogTotals(logger, sent, recorder.Dropped);
        foreach (var summary in recorder.Totals())
        {
            LogTotal(logger, summary.ToString());
        }

        if (settings.Duration > TimeSpan.Zero)
        {
            lifetime.StopApplication();
        }
    }

    private async Task SendOneAsync(WorkloadAction action, long userId, Random random, SemaphoreSlim inFlight, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity($"simulated user: {action}", ActivityKind.Internal);
        activity?.SetTag("replyx.user_id", userId);
        var start = timeProvider.GetTimestamp();
        var error = true;
        try
        {
            using var response = await users.SendAsync(action, userId, random, cancellationToken);
            error = (int)response.StatusCode >= 500;
            activity?.SetTag("http.response.status_code", (int)response.StatusCode);
        }
        catch (HttpRequestException exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            inFlight.Release();
        }

        recorder.Record(action.ToString(), timeProvider.GetElapsedTime(start).TotalMilliseconds, error);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Load generator: target {Target}, {Rate} req/s, {Users} users, mix {Mix}")]
    private static partial void LogStarting(ILogger logger, string target, double rate, int users, string mix);

    [LoggerMessage(Level = LogLevel.Information, Message = "window  {Summary}")]
    private static partial void LogWindow(ILogger logger, string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Load generator finished: {Sent} requests scheduled, {Dropped} dropped (in-flight limit)")]
    private static partial void LogTotals(ILogger logger, long sent, int dropped);

    [LoggerMessage(Level = LogLevel.Information, Message = "total   {Summary}")]
    private static partial void LogTotal(ILogger logger, string summary);
}
