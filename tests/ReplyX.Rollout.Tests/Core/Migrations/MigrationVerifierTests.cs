using ReplyX.Rollout.Cli.Commands;
using ReplyX.Rollout.Core.Migrations;
using ReplyX.Rollout.Core.Migrations.Tools;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Core.Migrations;

/// <summary>Verify and consolidate against a real server: scratch databases, catalogs compared fact by fact.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationVerifierTests(PostgresServerFixture postgres)
{
    private static readonly string Chain = Path.Combine(RepositoryPaths.Examples, "migrations", "chain");
    private static readonly string Consolidated = Path.Combine(RepositoryPaths.Examples, "migrations", "consolidated");

    [Fact]
    public async Task The_shipped_consolidation_builds_exactly_the_chain_schema()
    {
        var report = await new MigrationVerifier(postgres.ServerConnectionString).VerifyAsync(Sql(Chain), Sql(Consolidated), [], CancellationToken.None);

        Assert.True(report.Equal, string.Join("\n", report.Differences));
        Assert.Equal(45, report.ChainMigrations);
        Assert.Equal(2, report.ConsolidatedMigrations);
        Assert.Equal(report.ChainFingerprint, report.ConsolidatedFingerprint);
        Assert.True(report.Facts > 100, $"only {report.Facts} catalog facts compared");
    }

    [Fact]
    public async Task One_changed_column_default_is_the_one_difference_reported()
    {
        using var changed = await ConsolidatedWithAsync("currency character(3) DEFAULT 'EUR'::bpchar NOT NULL", "currency character(3) DEFAULT 'USD'::bpchar NOT NULL");

        var report = await new MigrationVerifier(postgres.ServerConnectionString).VerifyAsync(Sql(Chain), Sql(changed.Path), [], CancellationToken.None);

        var difference = Assert.Single(report.Differences);
        Assert.Equal("column invoices.currency", difference.Object);
        Assert.Equal("#6 character(3) not null default 'EUR'::bpchar", difference.Chain);
        Assert.Equal("#6 character(3) not null default 'USD'::bpchar", difference.Consolidated);
        Assert.Equal("~ column invoices.currency:\n    chain:        #6 character(3) not null default 'EUR'::bpchar\n    consolidated: #6 character(3) not null default 'USD'::bpchar", difference.ToString());
    }

    [Fact]
    public async Task A_missing_index_and_an_extra_column_are_reported_as_such()
    {
        using var changed = await ConsolidatedWithAsync("CREATE INDEX ix_audit_log_account_at ON public.audit_log USING btree (account_id, at DESC);", "");

        changed.Write("0003_extra.sql", "ALTER TABLE public.webhooks ADD COLUMN note text;");
        var report = await new MigrationVerifier(postgres.ServerConnectionString).VerifyAsync(Sql(Chain), Sql(changed.Path), [], CancellationToken.None);

        Assert.Equal(["column webhooks.note", "index ix_audit_log_account_at"], report.Differences.Select(d => d.Object));
        Assert.StartsWith("+ column webhooks.note: only in the consolidated set", report.Differences[0].ToString());
        Assert.StartsWith("- index ix_audit_log_account_at: missing from the consolidated set", report.Differences[1].ToString());
    }

    [Fact]
    public async Task Consolidate_writes_a_baseline_that_verifies_and_the_cli_says_so()
    {
        using var output = new TempDirectory();
        var text = new StringWriter();

        var code = await MigrationsCommand.ConsolidateAsync(new MigrationToolOptions { Directory = Chain }, output.Path, 2, postgres.ServerConnectionString, [], text, CancellationToken.None);

        Assert.True(code == ExitCodes.Success, text.ToString());
        var files = Directory.GetFiles(output.Path, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, files.Count);
        Assert.StartsWith("0001_baseline_", files[0], StringComparison.Ordinal);
        Assert.Contains("Equal: the consolidated set builds exactly the chain's schema.", text.ToString());
        Assert.Contains("Mapping proven", text.ToString());
        Assert.Contains("replaces 45 revisions of chain/ through 2393f8a48b5e", await File.ReadAllTextAsync(Path.Combine(output.Path, files[0]!)));
    }

    [Fact]
    public async Task Cli_verify_fails_with_the_diff_and_exit_code_1()
    {
        using var changed = await ConsolidatedWithAsync("DEFAULT 'EUR'", "DEFAULT 'GBP'");

        var text = new StringWriter();
        var code = await MigrationsCommand.VerifyAsync(new MigrationToolOptions { Directory = Chain }, changed.Path, postgres.ServerConnectionString, [], text, CancellationToken.None);

        Assert.Equal(ExitCodes.ValidationFailed, code);
        Assert.Contains("~ column invoices.currency:", text.ToString());
        Assert.Contains("DIFFERENT: 1 difference(s).", text.ToString());
    }

    [Fact]
    public async Task A_migration_that_fails_names_its_file_and_statement()
    {
        using var broken = new TempDirectory();
        broken.Write("0001_a.sql", "CREATE TABLE a (id int);\nALTER TABLE nope ADD COLUMN x int;");

        var error = await Assert.ThrowsAsync<MigrationApplyException>(() =>
            new MigrationVerifier(postgres.ServerConnectionString).VerifyAsync(Sql(broken.Path), Sql(Consolidated), [], CancellationToken.None));

        Assert.Equal("0001_a.sql, statement 2 (ALTER TABLE nope ADD COLUMN x int): relation \"nope\" does not exist (42P01)", error.Message);
    }

    [Fact]
    public async Task Cli_conflicts_exits_1_on_the_planted_chain_and_0_on_the_clean_one()
    {
        var text = new StringWriter();
        Assert.Equal(ExitCodes.ValidationFailed, await MigrationsCommand.ConflictsAsync(new MigrationToolOptions { Directory = Path.Combine(RepositoryPaths.Examples, "migrations", "conflicting") }, null, text, CancellationToken.None));
        Assert.Contains("4 conflict(s).", text.ToString());
        Assert.Equal(ExitCodes.Success, await MigrationsCommand.ConflictsAsync(new MigrationToolOptions { Directory = Chain }, null, new StringWriter(), CancellationToken.None));
    }

    private static SqlMigrationTool Sql(string directory) => new(directory);

    /// <summary>A copy of the shipped consolidated set with one text replaced.</summary>
    private static async Task<TempDirectory> ConsolidatedWithAsync(string find, string replacement)
    {
        var changed = new TempDirectory();
        foreach (var file in Directory.GetFiles(Consolidated))
        {
            changed.Write(Path.GetFileName(file), (await File.ReadAllTextAsync(file)).Replace(find, replacement, StringComparison.Ordinal));
        }

        return changed;
    }
}
