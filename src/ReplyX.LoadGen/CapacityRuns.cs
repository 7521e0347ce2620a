using System.Collections.Concurrent;

namespace ReplyX.LoadGen;

/// <summary>
/// Bounded load runs started over HTTP (the controller's capacity gate), beside the continuous background load.
/// Each has its own recorders (warm-up and measured), so its readings are its own; the last 20 are kept.
/// </summary>
public sealed class CapacityRuns(SimulatedUsers users, TimeProvider time, IHostApplicationLifetime lifetime)
{
    public const int MaxInFlight = 1024;
    private readonly ConcurrentDictionary<Guid, Entry> _runs = new();

    public CapacityRunStatus Start(CapacityRunRequest request)
    {
        var id = Guid.NewGuid();
        var mix = EndpointMix.Parse(string.IsNullOrWhiteSpace(request.Mix) ? new LoadOptions().Mix : request.Mix);
        var warmup = TimeSpan.FromSeconds(request.WarmupSeconds ?? 0);
        var spec = new LoadRunSpec(request.Rate, request.Users, TimeSpan.FromSeconds(request.DurationSeconds), mix, MaxInFlight, id.GetHashCode(), request.Cohort, warmup);
        var entry = new Entry(request, new LatencyRecorder(), new LatencyRecorder(), time.GetTimestamp());
        _runs[id] = entry;
        entry.Task = Task.Run(async () =>
        {
            try
            {
                await LoadRun.RunAsync(users, spec, entry.Recorder, time, TimeSpan.MaxValue, null, lifetime.ApplicationStopping, entry.Warmup);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                entry.Error = exception.Message;
            }

            entry.Elapsed = time.GetElapsedTime(entry.Started);
        });
        foreach (var old in _runs.OrderByDescending(r => r.Value.Started).Skip(20).ToList())
        {
            _runs.TryRemove(old.Key, out _);
        }

        return Status(id)!;
    }

    public CapacityRunStatus? Status(Guid id)
    {
        if (!_runs.TryGetValue(id, out var entry))
        {
            return null;
        }

        var done = entry.Task?.IsCompleted == true;
        var overall = entry.Recorder.Overall();
        var warmup = entry.Warmup.Overall();
        var warmupSeconds = entry.Request.WarmupSeconds ?? 0;
        var measured = Math.Max(0, (entry.Elapsed ?? time.GetElapsedTime(entry.Started)).TotalSeconds - warmupSeconds);
        return new CapacityRunStatus(id, entry.Error is not null ? "failed" : done ? "completed" : "running",
            entry.Request.Users, entry.Request.Rate, entry.Request.DurationSeconds, measured,
            overall.Count, overall.Errors, entry.Recorder.Dropped, overall.P50Ms, overall.P95Ms, overall.P99Ms, overall.MaxMs, entry.Error,
            entry.Recorder.Totals(), warmupSeconds, warmup.Count, warmup.Errors + entry.Warmup.Dropped, warmup.P95Ms);
    }

    private sealed class Entry(CapacityRunRequest request, LatencyRecorder recorder, LatencyRecorder warmup, long started)
    {
        public CapacityRunRequest Request { get; } = request;

        public LatencyRecorder Recorder { get; } = recorder;

        public LatencyRecorder Warmup { get; } = warmup;

        public long Started { get; } = started;

        public Task? Task { get; set; }

        public TimeSpan? Elapsed { get; set; }

        public string? Error { get; set; }
    }
}
