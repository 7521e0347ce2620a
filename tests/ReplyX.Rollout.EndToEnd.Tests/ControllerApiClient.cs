using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace ReplyX.Rollout.EndToEnd.Tests;

/// <summary>The controller's API through the AppHost, for the end-to-end scenarios.</summary>
internal sealed class ControllerApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ControllerApiClient(DistributedApplication app)
    {
        _http = app.CreateHttpClient("controller");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppHostFixture.ApiKey);
    }

    public async Task<Guid> StartAsync(object request)
    {
        var response = await _http.PostAsJsonAsync("/api/rollouts", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> GetAsync(Guid id) => JsonDocument.Parse(await ReadAsync($"/api/rollouts/{id}")).RootElement.Clone();

    /// <summary>A read, tried again for a few seconds when a replica behind the endpoint is gone (the scale-out test kills one).</summary>
    private async Task<string> ReadAsync(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _http.GetStringAsync(path);
            }
            catch (HttpRequestException) when (attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }

    public async Task<JsonElement> WaitAsync(Guid id, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var run = await GetAsync(id);
        while (!done(run))
        {
            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"run {id} did not get there in {timeout}; state {run.GetProperty("state")}; events:\n" +
                    string.Join("\n", run.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("reason").GetString())));
            }

            await Task.Delay(500);
            run = await GetAsync(id);
        }

        return run;
    }

    public async Task<int?> FlagPercentageAsync(string flag)
    {
        var flags = JsonDocument.Parse(await ReadAsync("/api/flags")).RootElement;
        return flags.EnumerateArray().Where(f => f.GetProperty("flag").GetString() == flag).Select(f => (int?)f.GetProperty("percentage").GetInt32()).FirstOrDefault();
    }

    /// <summary>The state of the phase's most recent run; null when it never ran.</summary>
    public async Task<string?> LatestStateAsync(string phase)
    {
        var runs = JsonDocument.Parse(await ReadAsync("/api/rollouts")).RootElement;
        return runs.EnumerateArray().Where(r => r.GetProperty("phase").GetString() == phase)
            .OrderByDescending(r => r.GetProperty("createdAt").GetDateTimeOffset())
            .Select(r => r.GetProperty("state").GetString()).FirstOrDefault();
    }

    public Task AbortAsync(Guid id) => _http.PostAsync($"/api/rollouts/{id}/abort", null);

    public void Dispose() => _http.Dispose();
}
