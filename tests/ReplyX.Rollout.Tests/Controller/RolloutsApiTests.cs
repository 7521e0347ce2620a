using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>The API refuses bad input and missing credentials with a 4xx problem, and leaves no partial state.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RolloutsApiTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private ControllerHost _host = null!;

    public async Task InitializeAsync() => _host = new ControllerHost(await ControllerSettings.CreateAsync(postgres, "api"));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Changes_without_the_right_api_key_are_401_and_create_nothing(string? key)
    {
        using var client = _host.Client(authorized: false);
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        var response = await client.PostAsJsonAsync("/api/rollouts", new { phase = "foundation" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0L, await RunCountAsync());
    }

    [Theory]
    [InlineData("{\"phase\":\"nope\"}", HttpStatusCode.NotFound, "No phase 'nope'")]
    [InlineData("{}", HttpStatusCode.BadRequest, "phase is required")]
    [InlineData("{\"phase\":\"foundation\",\"bake\":\"soon\"}", HttpStatusCode.BadRequest, "is not a duration")]
    [InlineData("{\"phase\":\"vector-optimization\"}", HttpStatusCode.Conflict, "depends on 'foundation'")]
    [InlineData("{\"phase\":\"foundation\",\"capacityRate\":0}", HttpStatusCode.BadRequest, "is not an arrival rate between 1 and 10000")]
    [InlineData("{\"phase\":\"foundation\",\"advanceOn\":\"vibes\"}", HttpStatusCode.BadRequest, "is neither 'evidence' (the default) nor 'samples'")]
    public async Task Bad_starts_are_4xx_with_a_reason_and_create_nothing(string body, HttpStatusCode status, string reason)
    {
        using var client = _host.Client();

        var response = await client.PostAsync("/api/rollouts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        Assert.Equal(0L, await RunCountAsync());
    }

    [Fact]
    public async Task A_second_rollout_on_the_same_flag_is_a_conflict_and_resuming_a_completed_run_is_refused()
    {
        using var client = _host.Client();
        var id = await RolloutApi.StartAsync(client, "foundation", bake: "1s");

        var second = await client.PostAsJsonAsync("/api/rollouts", new { phase = "foundation" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("one rollout per flag", await second.Content.ReadAsStringAsync());
        Assert.Equal(1L, await RunCountAsync());

        await RolloutApi.WaitForStateAsync(client, id, "Completed");
        var resume = await client.PostAsync($"/api/rollouts/{id}/resume", null);
        Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode);
        Assert.Contains("only a paused run can be resumed; this one is Completed", await resume.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/rollouts/{id}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/rollouts/{id}/abort", null)).StatusCode);
        Assert.Equal("Completed", (await RolloutApi.GetAsync(client, id)).State());
    }

    [Fact]
    public async Task Advancing_on_samples_is_a_recorded_override_and_evidence_is_the_default()
    {
        using var client = _host.Client();

        var response = await client.PostAsJsonAsync("/api/rollouts", new { phase = "foundation", bake = "1h", advanceOn = "samples" });
        var body = await response.Content.ReadAsStringAsync();
        var id = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        await client.PostAsync($"/api/rollouts/{id}/abort", null);
        var run = await RolloutApi.GetAsync(client, id);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("overrides").GetProperty("advanceOnSamples").GetBoolean());
        Assert.Contains(run.GetProperty("events").EnumerateArray(), e => e.GetProperty("reason").GetString()!.Contains("advance on samples", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_rollout_touching_the_same_table_under_another_flag_is_a_conflict()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("a.yaml", PhaseWorkspace.ValidPhase.Replace("id: sample", "id: table-a").Replace("flag: replyx.sample", "flag: replyx.table-a").Replace("bake: 2m", "bake: 30s"));
        phases.Write("b.yaml", PhaseWorkspace.ValidPhase.Replace("id: sample", "id: table-b").Replace("flag: replyx.sample", "flag: replyx.table-b").Replace("ix_sample", "ix_sample_b"));
        var settings = _host.Settings with { PhasesDirectory = phases.Folder, RolloutDb = await postgres.CreateDatabaseAsync("api_tables") };
        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        await RolloutApi.StartAsync(client, "table-a");

        var second = await client.PostAsJsonAsync("/api/rollouts", new { phase = "table-b" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("is active on a table this phase touches", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_runs_are_404_and_reads_need_no_key()
    {
        using var client = _host.Client(authorized: false);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/rollouts/{Guid.NewGuid()}")).StatusCode);
        using var authorized = _host.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await authorized.PostAsync($"/api/rollouts/{Guid.NewGuid()}/pause", null)).StatusCode);
        var phases = JsonDocument.Parse(await client.GetStringAsync("/api/phases")).RootElement;
        Assert.Equal(4, phases.GetArrayLength());
        Assert.All(phases.EnumerateArray(), p => Assert.True(p.GetProperty("valid").GetBoolean()));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_rollouts_api()
    {
        using var client = _host.Client(authorized: false);

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/rollouts/{id}/abort", out _));
    }

    private async Task<long> RunCountAsync()
    {
        await using var state = NpgsqlDataSource.Create(_host.Settings.RolloutDb);
        await using var command = state.CreateCommand("SELECT count(*) FROM rollout.runs");
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }
}
