using System.Net.Http.Json;
using ReplyX.Rollout.Core.Gates;

namespace ReplyX.Rollout.Controller.Gates;

/// <summary>The capacity gate's load: a bounded run on the load generator service (<c>POST /capacity-runs</c>), polled until it completes.</summary>
public sealed class LoadGeneratorClient(HttpClient http, TimeProvider time) : ICapacityLoad
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public async Task<CapacityReadings> RunAsync(CapacityRequest request, CancellationToken cancellationToken)
    {
        using var started = await http.PostAsJsonAsync("/capacity-runs",
            new { users = request.Users, rate = request.Rate, durationSeconds = request.Duration.TotalSeconds, warmupSeconds = request.Warmup.TotalSeconds, mix = request.Mix, cohort = request.Cohort }, cancellationToken);
        if (!started.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the load generator refused the run ({(int)started.StatusCode}): {await started.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var run = await started.Content.ReadFromJsonAsync<RunStatus>(cancellationToken) ?? throw new InvalidOperationException("the load generator answered without a run.");
        // The run ends on its own; give answers still in flight a minute before giving up on it.
        var deadline = time.GetUtcNow() + request.Warmup + request.Duration + TimeSpan.FromMinutes(1);
        while (run.State == "running")
        {
            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"the capacity run {run.Id} did not finish within {(request.Warmup + request.Duration).TotalSeconds + 60:F0} s.");
            }

            await Task.Delay(PollInterval, time, cancellationToken);
            run = await http.GetFromJsonAsync<RunStatus>($"/capacity-runs/{run.Id}", cancellationToken) ?? run;
        }

        if (run.State == "failed")
        {
            throw new InvalidOperationException($"the capacity run failed: {run.Error}");
        }

        return new CapacityReadings(run.Requests, run.Errors, run.Dropped, run.P50Ms, run.P95Ms, run.P99Ms, run.MaxMs, run.ElapsedSeconds,
            run.WarmupRequests, run.WarmupErrors, run.WarmupP95Ms);
    }

    private sealed record RunStatus(
        Guid Id, string State, double ElapsedSeconds, long Requests, long Errors, long Dropped, double P50Ms, double P95Ms, double P99Ms, double MaxMs, string? Error,
        long WarmupRequests, long WarmupErrors, double WarmupP95Ms);
}
