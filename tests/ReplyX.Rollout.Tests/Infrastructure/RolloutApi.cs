using System.Net.Http.Json;
using System.Text.Json;

namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>Small helpers over the controller API for tests.</summary>
internal static class RolloutApi
{
    public static async Task<Guid> StartAsync(HttpClient client, string phase, string? bake = "300ms")
    {
        var response = await client.PostAsJsonAsync("/api/rollouts", new { phase, bake });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"start {phase}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, Guid id) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/rollouts/{id}")).RootElement.Clone();

    /// <summary>Polls until the run satisfies <paramref name="done"/>; fails with the last view after the timeout.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, Guid id, Func<JsonElement, bool> done, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        var run = await GetAsync(client, id);
        while (!done(run))
        {
            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"run {id} did not reach the expected state in time; last: {run}");
            }

            await Task.Delay(100);
            run = await GetAsync(client, id);
        }

        return run;
    }

    public static Task<JsonElement> WaitForStateAsync(HttpClient client, Guid id, string state, TimeSpan? timeout = null) =>
        WaitAsync(client, id, r => r.GetProperty("state").GetString() == state, timeout);

    public static string State(this JsonElement run) => run.GetProperty("state").GetString()!;

    public static IEnumerable<JsonElement> Steps(this JsonElement run) => run.GetProperty("steps").EnumerateArray();

    public static IEnumerable<JsonElement> Events(this JsonElement run) => run.GetProperty("events").EnumerateArray();

    public static JsonElement Detail(this JsonElement step) => JsonDocument.Parse(step.GetProperty("detailJson").GetString()!).RootElement.Clone();
}
