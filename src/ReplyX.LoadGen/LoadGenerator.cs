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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        LogStarting(logger, settings.Target, settings.Rate, settings.Users, settings.Mix);
        var spec = new LoadRunSpec(settings.Rate, settings.Users, settings.Duration, EndpointMix.Parse(settings.Mix), settings.MaxInFlight, settings.Seed, null);
        var sent = await LoadRun.RunAsync(users, spec, recorder, timeProvider, settings.ReportInterval, summary => LogWindow(logger, summary.ToString()), stoppingToken);

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Load generator: target {Target}, {Rate} req/s, {Users} users, mix {Mix}")]
    private static partial void LogStarting(ILogger logger, string target, double rate, int users, string mix);

    [LoggerMessage(Level = LogLevel.Information, Message = "window  {Summary}")]
    private static partial void LogWindow(ILogger logger, string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Load generator finished: {Sent} requests scheduled, {Dropped} dropped (in-flight limit)")]
    private static partial void LogTotals(ILogger logger, long sent, int dropped);

    [LoggerMessage(Level = LogLevel.Information, Message = "total   {Summary}")]
    private static partial void LogTotal(ILogger logger, string summary);
}
