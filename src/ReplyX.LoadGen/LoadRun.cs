using System.Diagnostics;

namespace ReplyX.LoadGen;

/// <summary>
/// Drives the workload open-loop at a fixed arrival rate: arrivals are scheduled on the clock, not after the
/// previous response, so a slow workload shows up as latency (and drops past MaxInFlight), not as less load.
/// A spec with a warm-up ramps the rate up first and records those requests in <c>warmup</c>, not <c>recorder</c>.
/// </summary>
public static class LoadRun
{
    public static readonly ActivitySource ActivitySource = new("ReplyX.LoadGen");

    /// <summary>Runs until the spec's warm-up and duration have passed (or forever when the duration is zero) and returns how many requests were scheduled.</summary>
    public static async Task<long> RunAsync(
        SimulatedUsers users, LoadRunSpec spec, LatencyRecorder recorder, TimeProvider time, TimeSpan reportInterval, Action<LatencySummary>? report,
        CancellationToken cancellationToken, LatencyRecorder? warmup = null)
    {
        var random = new Random(spec.Seed);
        var inFlight = new SemaphoreSlim(spec.MaxInFlight);
        var started = time.GetTimestamp();
        var nextReport = reportInterval;
        var pending = new List<Task>();
        long sent = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var elapsed = time.GetElapsedTime(started);
            if (spec.Duration > TimeSpan.Zero && elapsed >= spec.Warmup + spec.Duration)
            {
                break;
            }

            if (report is not null && elapsed >= nextReport)
            {
                foreach (var summary in recorder.TakeWindow())
                {
                    report(summary);
                }

                nextReport += reportInterval;
            }

            var due = spec.DueAt(sent);
            if (due > elapsed)
            {
                await Task.Delay(due - elapsed, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            sent++;
            var action = spec.Mix.Pick(random.NextDouble());
            var userId = random.NextInt64(1, spec.Users + 1);
            var requestRandom = new Random(random.Next());
            var target = due < spec.Warmup ? warmup ?? recorder : recorder;
            if (!inFlight.Wait(0, CancellationToken.None))
            {
                target.RecordDropped();
                continue;
            }

            var task = SendOneAsync(users, action, userId, requestRandom, spec.Cohort, inFlight, target, time, cancellationToken);
            if (spec.Duration > TimeSpan.Zero)
            {
                pending.Add(task);
            }
        }

        // A bounded run reports only when its last answer is in.
        await Task.WhenAll(pending);
        return sent;
    }

    private static async Task SendOneAsync(SimulatedUsers users, WorkloadAction action, long userId, Random random, string? cohort, SemaphoreSlim inFlight, LatencyRecorder recorder, TimeProvider time, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity($"simulated user: {action}", ActivityKind.Internal);
        activity?.SetTag("replyx.user_id", userId);
        activity?.SetTag("replyx.cohort", cohort);
        var start = time.GetTimestamp();
        var error = true;
        try
        {
            using var response = await users.SendAsync(action, userId, random, cancellationToken, cohort);
            error = (int)response.StatusCode >= 500;
            activity?.SetTag("http.response.status_code", (int)response.StatusCode);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            // Whatever went wrong, the simulated user got no answer: an error, never a crashed run.
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        }
        finally
        {
            inFlight.Release();
        }

        recorder.Record(action.ToString(), time.GetElapsedTime(start).TotalMilliseconds, error);
    }
}
