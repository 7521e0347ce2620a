using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;

namespace ReplyX.Rollout.EndToEnd.Tests;

[Collection(AppHostCollection.Name)]
public sealed class RolloutThroughAppHostTests(AppHostFixture fixture)
{
    [Fact]
    public async Task The_controller_rolls_out_foundation_against_the_workload_database_while_load_runs()
    {
        using var client = fixture.App.CreateHttpClient("controller");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppHostFixture.ApiKey);

        var started = await client.PostAsJsonAsync("/api/rollouts", new { phase = "foundation", bake = "1s" });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        JsonElement run;
        do
        {
            await Task.Delay(500, timeout.Token);
            run = JsonDocument.Parse(await client.GetStringAsync($"/api/rollouts/{id}", timeout.Token)).RootElement;
        }
        while (run.GetProperty("state").GetString() is not ("Completed" or "RolledBack" or "Failed"));

        Assert.Equal("Completed", run.GetProperty("state").GetString());
        Assert.True(run.GetProperty("backup").GetProperty("verified").GetBoolean());
        Assert.Equal(3, run.GetProperty("steps").EnumerateArray().Count(s => s.GetProperty("status").GetString() == "succeeded"));

        // The workload still answers on the path the new index serves.
        using var workload = fixture.App.CreateHttpClient("workload");
        workload.DefaultRequestHeaders.Add("X-User-Id", "2");
        var dialogs = await workload.GetFromJsonAsync<JsonElement>("/api/dialogs?limit=5", timeout.Token);
        Assert.Equal(5, dialogs.GetArrayLength());
    }
}
