using System.Net;
using System.Net.Http.Json;
using Npgsql;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Postgres;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>R001 "wrong database targeted": a phase starts only where it is meant to, and a run never changes another database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TargetIdentityTests(PostgresServerFixture postgres)
{
    private static readonly TargetIdentity Production = new("7714641635930048164", "replyx", 16384, "15.18", 1 << 20, "production");

    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData("replyx", "production", null, null)]
    [InlineData("other", null, null, "the phase is for database 'other', the target is 'replyx'")]
    [InlineData(null, "staging", null, "the phase is for environment 'staging', the target is 'production'")]
    [InlineData(null, null, "staging", "the database says it is 'production' (replyx.environment) but the controller is configured for 'staging'")]
    public void A_target_spec_names_what_does_not_match(string? database, string? environment, string? declared, string? refusal) =>
        Assert.Equal(refusal, new TargetSpec(database, environment).Mismatch(Production, declared));

    [Fact]
    public void An_environment_nobody_declares_is_unknown_and_refused()
    {
        var refusal = new TargetSpec(Environment: "production").Mismatch(Production with { Environment = null }, declaredEnvironment: null);

        Assert.Contains("neither the database (replyx.environment) nor the controller (Rollout:TargetEnvironment) says which environment the target is", refusal);
        Assert.Null(new TargetSpec(Environment: "production").Mismatch(Production with { Environment = null }, "production"));
    }

    [Fact]
    public async Task Starting_a_phase_against_another_database_or_environment_is_refused_with_both()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("elsewhere.yaml", PhaseWorkspace.ValidPhase.Replace("id: sample", "id: elsewhere", StringComparison.Ordinal).Replace("flag: replyx.sample", "flag: replyx.elsewhere\ntarget: { database: billing }", StringComparison.Ordinal));
        phases.Write("production.yaml", PhaseWorkspace.ValidPhase.Replace("id: sample", "id: production-only", StringComparison.Ordinal).Replace("flag: replyx.sample", "flag: replyx.production-only\ntarget: { environment: production }", StringComparison.Ordinal));
        var settings = await ControllerSettings.CreateAsync(postgres, "wrongtarget", phases.Folder);
        await using (var target = NpgsqlDataSource.Create(settings.TargetDb))
        await using (var mark = target.CreateCommand($"ALTER DATABASE \"{new NpgsqlConnectionStringBuilder(settings.TargetDb).Database}\" SET replyx.environment = 'staging'"))
        {
            await mark.ExecuteNonQueryAsync();
        }

        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        var elsewhere = await client.PostAsJsonAsync("/api/rollouts", new { phase = "elsewhere" });
        var production = await client.PostAsJsonAsync("/api/rollouts", new { phase = "production-only" });

        Assert.Equal(HttpStatusCode.Conflict, elsewhere.StatusCode);
        Assert.Contains("the phase is for database 'billing', the target is 't_wrongtargettarget_", await elsewhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, production.StatusCode);
        Assert.Contains("the phase is for environment 'production', the target is 'staging'", await production.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await RolloutApiList(client));
    }

    [Fact]
    public async Task A_run_whose_database_is_replaced_under_the_same_name_fails_and_changes_nothing_there()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("pinned.yaml",
            """
            id: pinned
            title: Pinned
            risks: [R001]
            flag: replyx.tests.pinned
            preflight: { backup: skip, skipReason: identity test }
            steps:
              - name: index
                sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_pinned ON dialogs (user_id);
                rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_pinned;
            ramp: { stages: [5, 100], bake: 1h }
            """);
        var settings = await ControllerSettings.CreateAsync(postgres, "pinned", phases.Folder);
        var database = new NpgsqlConnectionStringBuilder(settings.TargetDb).Database!;
        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        var id = await RolloutApi.StartAsync(client, "pinned", bake: null);
        await RolloutApi.WaitForStateAsync(client, id, "Ramping");

        // Someone repoints the name: the old database is renamed away and an empty one takes its name.
        await using (var server = new NpgsqlConnection(postgres.ServerConnectionString))
        {
            await server.OpenAsync();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    // The controller reconnects within a pass: end its sessions and rename before it does.
                    await using var end = new NpgsqlCommand($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()", server);
                    await end.ExecuteNonQueryAsync();
                    await using var rename = new NpgsqlCommand($"ALTER DATABASE \"{database}\" RENAME TO \"{database}_old\"", server);
                    await rename.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException exception) when (exception.SqlState == "55006" && attempt < 50)
                {
                    await Task.Delay(20);
                }
            }

            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", server);
            await create.ExecuteNonQueryAsync();
        }

        (await client.PostAsync($"/api/rollouts/{id}/abort", null)).EnsureSuccessStatusCode();
        var run = await RolloutApi.WaitForStateAsync(client, id, "Failed");

        Assert.StartsWith("the target is no longer the database this run pinned at preflight: expected database " + database, run.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("; reached database " + database, run.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await using var replaced = NpgsqlDataSource.Create(settings.TargetDb);
        await using var objects = replaced.CreateCommand("SELECT count(*) FROM pg_namespace WHERE nspname = 'replyx_rollout'");
        Assert.Equal(0L, await objects.ExecuteScalarAsync());
        Assert.DoesNotContain(run.Steps(), s => s.GetProperty("kind").GetString() == "rollback");
    }

    private static async Task<List<object>> RolloutApiList(HttpClient client) =>
        await client.GetFromJsonAsync<List<object>>("/api/rollouts") ?? [];
}
