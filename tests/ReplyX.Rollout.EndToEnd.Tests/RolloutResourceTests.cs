using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace ReplyX.Rollout.EndToEnd.Tests;

/// <summary>
/// The team's view in the dashboard: the <c>current-rollout</c> resource follows the newest run (state = headline, URL =
/// its report) and its commands steer it through the controller's API.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class RolloutResourceTests(AppHostFixture fixture)
{
    [Fact]
    public async Task The_rollout_resource_shows_the_ramp_and_its_commands_pause_and_abort_the_run()
    {
        using var controller = new ControllerApiClient(fixture.App);
        var id = await controller.StartAsync(new { phase = "foundation", bake = "5m" });
        try
        {
            var ramping = await WaitForStateAsync(s => s == "Ramping 5 percent", TimeSpan.FromMinutes(3));
            Assert.Equal(KnownResourceStateStyles.Info, ramping.State!.Style);
            Assert.Equal(id.ToString(), ramping.Properties.Single(p => p.Name == "rollout.run").Value?.ToString());
            Assert.EndsWith($"/api/rollouts/{id}/report", ramping.Urls.Single(u => u.Name == "report").Url, StringComparison.Ordinal);

            var paused = await fixture.App.ResourceCommands.ExecuteCommandAsync("current-rollout", "pause");
            Assert.True(paused.Success, paused.Message);
            await WaitForStateAsync(s => s == "Paused at 5 percent", TimeSpan.FromMinutes(1));

            // A refusal comes back with the API's reason, not as a silent success.
            var approve = await fixture.App.ResourceCommands.ExecuteCommandAsync("current-rollout", "approve");
            Assert.False(approve.Success);
            Assert.StartsWith("approve refused:", approve.Message, StringComparison.Ordinal);

            var aborted = await fixture.App.ResourceCommands.ExecuteCommandAsync("current-rollout", "abort");
            Assert.True(aborted.Success, aborted.Message);
            var rolledBack = await WaitForStateAsync(s => s == "RolledBack", TimeSpan.FromMinutes(2));
            Assert.Equal(KnownResourceStateStyles.Error, rolledBack.State!.Style);
        }
        finally
        {
            var run = await controller.GetAsync(id);
            if (run.GetProperty("state").GetString() is not ("Completed" or "RolledBack" or "Failed"))
            {
                await controller.AbortAsync(id);
                await controller.WaitAsync(id, r => r.GetProperty("state").GetString() is "RolledBack" or "Failed", TimeSpan.FromMinutes(2));
            }
        }
    }

    private async Task<CustomResourceSnapshot> WaitForStateAsync(Func<string, bool> state, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var seen = new List<string>();
        try
        {
            var resourceEvent = await fixture.App.ResourceNotifications.WaitForResourceAsync("current-rollout", e =>
            {
                var text = e.Snapshot.State?.Text ?? "";
                seen.Add(text);
                return state(text);
            }, cancellation.Token);
            return resourceEvent.Snapshot;
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"the rollout resource never reached the state; seen: {string.Join(" -> ", seen.Distinct())}");
        }
    }
}
