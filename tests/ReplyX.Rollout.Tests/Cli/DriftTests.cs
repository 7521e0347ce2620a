using Npgsql;
using ReplyX.Rollout.Cli.Commands;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Cli;

/// <summary>R013 testing environment drift between two real databases: what the diff names, and when it fails.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DriftTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Identical_environments_show_no_drift()
    {
        var staging = await SeededWorkload.CreateAsync(postgres, "drift_same_a", 400);
        var production = await SeededWorkload.CreateAsync(postgres, "drift_same_b", 400);
        using var output = new StringWriter();

        var exit = await DriftCommand.RunAsync(staging, production, output, CancellationToken.None);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.StartsWith("no drift:", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_settings_and_volume_differences_are_named_and_a_schema_difference_fails()
    {
        var staging = await SeededWorkload.CreateAsync(postgres, "drift_staging", 200);
        var production = await SeededWorkload.CreateAsync(postgres, "drift_production", 6_000);
        await ExecuteAsync(production, "ALTER TABLE dialogs ADD COLUMN archived boolean; CREATE INDEX ix_drift ON dialog_messages (created_at); ANALYZE;");
        await ExecuteAsync(staging, "ANALYZE;");
        await ExecuteAsync(production, $"ALTER DATABASE \"{new NpgsqlConnectionStringBuilder(production).Database}\" SET random_page_cost = 1.1");
        using var output = new StringWriter();

        var exit = await DriftCommand.RunAsync(staging, production, output, CancellationToken.None);
        var text = output.ToString();

        Assert.Equal(ExitCodes.ValidationFailed, exit);
        Assert.Matches(@"setting random_page_cost: \S+ 4, \S+ 1\.1", text);
        Assert.Contains("schema + column dialogs.archived: only in", text, StringComparison.Ordinal);
        Assert.Contains("schema + index ix_drift: only in", text, StringComparison.Ordinal);
        Assert.Matches(@"volume dialog_messages: ~200 rows in \S+, ~6,000 in \S+", text);
        Assert.Contains("2 schema difference(s)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_phase_that_requires_parity_fails_preflight_against_another_schema()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("parity.yaml", PhaseWorkspace.ValidPhase.Replace("id: sample", "id: rehearsed", StringComparison.Ordinal)
            .Replace("flag: replyx.sample", "flag: replyx.rehearsed\npreflight:\n  backup: skip\n  skipReason: parity test\n  parity: staging", StringComparison.Ordinal));
        var settings = await ControllerSettings.CreateAsync(postgres, "parity", phases.Folder);
        var staging = await SeededWorkload.CreateAsync(postgres, "parity_staging", 400);
        await ExecuteAsync(staging, "ALTER TABLE users ADD COLUMN locale text");
        await using var host = new ControllerHost(settings with { StagingDb = staging });
        using var client = host.Client();

        var run = await RolloutApi.WaitForStateAsync(client, await RolloutApi.StartAsync(client, "rehearsed", bake: null), "Failed");

        Assert.StartsWith("preflight parity failed: 1 schema difference(s) from staging (R013): schema - column users.locale: only in staging", run.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(run.Steps());
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
