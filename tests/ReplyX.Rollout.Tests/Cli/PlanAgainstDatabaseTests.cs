using Npgsql;
using ReplyX.Rollout.Cli.Commands;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Cli;

[Collection(PostgresCollection.Name)]
public sealed class PlanAgainstDatabaseTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Plan_reads_sizes_existing_objects_and_old_transactions_without_changing_anything()
    {
        var connectionString = await SeededWorkload.CreateAsync(postgres, nameof(PlanAgainstDatabaseTests), 4_000);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var create = dataSource.CreateCommand("CREATE INDEX ix_dialogs_user_updated ON dialogs (user_id, updated_at DESC, id DESC)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        // A transaction that has been open "long enough": the phase's limit is 5m, so hold one and ask with a 0s-old view.
        await using var holder = await dataSource.OpenConnectionAsync();
        await using var open = await holder.BeginTransactionAsync();
        await using (var touch = new NpgsqlCommand("SELECT count(*) FROM users", holder, open))
        {
            await touch.ExecuteScalarAsync();
        }

        var phases = new PhaseWorkspace();
        try
        {
            var yaml = File.ReadAllText(Path.Combine(RepositoryPaths.Phases, "01-foundation.yaml")).Replace("maxTransactionAge: 5m", "maxTransactionAge: 1s");
            phases.Write("01-foundation.yaml", yaml);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var output = new StringWriter();

            var exit = await PlanCommand.RunAsync("foundation", phases.Folder, connectionString, output, TimeProvider.System, CancellationToken.None);

            var text = output.ToString();
            Assert.Equal(ExitCodes.Success, exit);
            Assert.Matches(@"table dialog_messages: [\d.]+ (KiB|MiB), ~4,000 rows", text);
            Assert.Contains("step 2 'dialogs by user, most recent first': index ix_dialogs_user_updated: already exists with the same definition; adopted, not created", text);
            Assert.Contains("step 1 'messages by dialog, newest first': index ix_dialog_messages_dialog_created: does not exist; the step creates it", text);
            Assert.Contains("1 transaction(s) open longer than 1s: preflight would refuse to start", text);
            Assert.Contains("SELECT count(*) FROM users", text);
        }
        finally
        {
            phases.Dispose();
        }

        await using var check = dataSource.CreateCommand("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_dialog_messages_dialog_created'");
        Assert.Equal(0L, await check.ExecuteScalarAsync());
    }
}
