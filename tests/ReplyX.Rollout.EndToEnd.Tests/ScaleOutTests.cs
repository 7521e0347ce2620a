using System.Diagnostics;
using System.Text.Json;
using Aspire.Hosting.Testing;

namespace ReplyX.Rollout.EndToEnd.Tests;

/// <summary>
/// Two controllers and two workloads: phase 01 completes although its leader is killed (SIGKILL) at 5%; the other
/// replica takes the lease with a higher epoch and judges the stages on the evidence both replicas received.
/// </summary>
public sealed class ScaleOutTests(ScaleOutFixture fixture) : IClassFixture<ScaleOutFixture>
{
    [Fact]
    public async Task Phase_01_completes_with_two_controllers_and_two_workloads_when_the_leader_is_killed_mid_ramp()
    {
        using var controller = new ControllerApiClient(fixture.App);
        using var http = fixture.App.CreateHttpClient("controller");
        var id = await controller.StartAsync(new { phase = "foundation", bake = "10s", advanceOn = "samples" });
        await controller.WaitAsync(id, r => r.GetProperty("state").GetString() is "Ramping" or "Completed" or "RolledBack" or "Failed", TimeSpan.FromMinutes(4));

        // Any replica names the leader (holder "machine:pid") and its epoch; kill it like a crashed host.
        var leader = await ControllerStatusAsync(http, s => s.GetProperty("currentHolder").ValueKind == JsonValueKind.String);
        var (killedPid, killedEpoch) = (Pid(leader), leader.GetProperty("currentEpoch").GetInt64());
        using (var process = Process.GetProcessById(killedPid))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        var run = await controller.WaitAsync(id, r => r.GetProperty("state").GetString() is "Completed" or "RolledBack" or "Failed", TimeSpan.FromMinutes(5));

        Assert.True(run.GetProperty("state").GetString() == "Completed",
            string.Join("\n", run.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("reason").GetString())));
        var successor = await ControllerStatusAsync(http, s => s.GetProperty("leader").GetBoolean());
        Assert.NotEqual(killedPid, successor.GetProperty("pid").GetInt32());
        Assert.Equal(successor.GetProperty("pid").GetInt32(), Pid(successor));
        Assert.True(successor.GetProperty("epoch").GetInt64() > killedEpoch);
        Assert.Equal(100, await controller.FlagPercentageAsync("replyx.messages.keyset-pages"));

        // The survivor now takes every export: both workload instances are among its senders.
        var metrics = await ControllerStatusAsync(http, _ => true, "/api/metrics");
        var workloads = metrics.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()!)
            .Where(s => s.StartsWith("workload", StringComparison.Ordinal)).ToList();
        Assert.True(workloads.Count >= 2, $"senders: {string.Join(", ", workloads)}");
    }

    private static int Pid(JsonElement status) =>
        int.Parse(status.GetProperty("currentHolder").GetString()!.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<JsonElement> ControllerStatusAsync(HttpClient http, Func<JsonElement, bool> wanted, string path = "/api/controller")
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            try
            {
                // A new connection each time: the endpoint's proxy picks a replica per connection.
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.ConnectionClose = true;
                using var response = await http.SendAsync(request, timeout.Token);
                response.EnsureSuccessStatusCode();
                var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token)).RootElement.Clone();
                if (wanted(status))
                {
                    return status;
                }
            }
            catch (HttpRequestException)
            {
                // The killed replica's connections fail until the endpoint stops choosing it.
            }

            await Task.Delay(200, timeout.Token);
        }
    }
}
