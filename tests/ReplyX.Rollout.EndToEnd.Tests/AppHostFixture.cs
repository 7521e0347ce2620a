using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace ReplyX.Rollout.EndToEnd.Tests;

/// <summary>
/// The whole AppHost, started once for the end-to-end tests: PostgreSQL (local mode where no container runtime
/// answers, data in a temp folder), controller, seeded workload and load generator.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public const string ApiKey = "e2e-api-key";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"replyx-e2e-{Guid.NewGuid():N}");

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>Where this AppHost saves the CLI's credentials (a temp file, not the developer's own).</summary>
    public string CredentialsFile => Path.Combine(_dataDirectory, "credentials.json");

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
                "ReplyX:LoadMix=dialogs=5,messages=70,similar=25",
                "ReplyX:DrillsEnabled=true",
                $"Parameters:rollout-api-key={ApiKey}",
                $"ReplyX:CredentialsFile={CredentialsFile}",
            ],
            timeout.Token);
        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("workload", timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("controller", timeout.Token);
    }

    /// <summary>
    /// Runs statements on the workload database directly, as a DBA would: for tests whose subject needs a state other
    /// tests in the collection may have changed (xunit orders this collection's tests differently from run to run).
    /// </summary>
    public async Task ExecuteOnWorkloadAsync(params string[] statements)
    {
        var connectionString = await App.GetConnectionStringAsync("replyx") ?? throw new InvalidOperationException("the AppHost has no 'replyx' connection string");
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

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
