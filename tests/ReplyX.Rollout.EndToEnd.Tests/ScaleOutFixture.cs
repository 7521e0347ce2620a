using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace ReplyX.Rollout.EndToEnd.Tests;

/// <summary>
/// A second AppHost with two controller replicas and two workload instances on one database, started only for the
/// scale-out scenario (after the main collection: the assembly runs collections one at a time).
/// </summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"replyx-e2e-scale-{Guid.NewGuid():N}");

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ReplyX_Rollout_AppHost>(
            [
                $"ReplyX:Postgres:DataDirectory={_dataDirectory}",
                "ReplyX:SeedSize=20k",
                "ReplyX:SeedDocuments=200",
                "ReplyX:LoadRate=100",
                "ReplyX:LoadUsers=200",
                "ReplyX:LoadMix=dialogs=5,messages=90,similar=5",
                "ReplyX:ControllerReplicas=2",
                "ReplyX:WorkloadReplicas=2",
                $"Parameters:rollout-api-key={AppHostFixture.ApiKey}",
                "ReplyX:CredentialsFile=none",
            ],
            timeout.Token);
        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("workload", timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("controller", timeout.Token);
        await WaitForSteadyTrafficAsync(timeout.Token);
    }

    /// <summary>
    /// A minute of load in the shared metrics before the scenario starts, as any real run has: the run's baseline is then
    /// the index-less steady state, not the first seconds of two workloads and two controllers warming up on one host
    /// (seen once: a baseline of 2 requests, then the risk monitor's p95 rule firing on the warm-up and rolling the run back).
    /// </summary>
    private async Task WaitForSteadyTrafficAsync(CancellationToken cancellationToken)
    {
        using var http = App.CreateHttpClient("controller");
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AppHostFixture.ApiKey);
        while (true)
        {
            try
            {
                using var status = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/metrics?minutes=1", cancellationToken));
                if (status.RootElement.GetProperty("series").EnumerateArray().Sum(s => s.GetProperty("requests").GetInt64()) >= SteadyRequests)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // A replica still starting: ask again.
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
    }

    /// <summary>Five sixths of a minute at the fixture's 100 requests/s.</summary>
    private const int SteadyRequests = 5_000;

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The folder is under the temp path; a file still held open must not fail the run.
        }
    }
}
