using Npgsql;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Tests.Infrastructure;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Tests.Controller;

[Collection(PostgresCollection.Name)]
public sealed class BackupVerifierTests(PostgresServerFixture postgres)
{
    private readonly string _backups = Path.Combine(Path.GetTempPath(), $"replyx-backup-tests-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_backup_taken_in_its_snapshot_restores_with_matching_counts_even_under_writes()
    {
        var target = await SeededWorkload.CreateAsync(postgres, "backup_ok", 3_000);
        var verifier = new BackupVerifier(new PostgresTools(postgres.BinDirectory), TimeProvider.System);

        using var writes = new CancellationTokenSource();
        var writer = WriteContinuouslyAsync(target, writes.Token);
        var report = await verifier.BackupAndVerifyAsync(target, _backups, "ok", CancellationToken.None);
        await writes.CancelAsync();
        await writer;

        Assert.True(report.Verified, string.Join("; ", report.Mismatches));
        Assert.Contains(report.Tables, t => t.Table == "public.dialog_messages" && t.Source >= 3_000);
        Assert.True(report.Bytes > 0);
    }

    [Fact]
    public async Task A_backup_whose_restore_does_not_match_is_detected()
    {
        var target = await SeededWorkload.CreateAsync(postgres, "backup_bad", 3_000);
        var verifier = new BackupVerifier(new PostgresTools(postgres.BinDirectory), TimeProvider.System);
        var (path, snapshot, _, duration) = await verifier.DumpAsync(target, _backups, "bad", CancellationToken.None);

        // Rows written after the dump: the counts "now" are not what the dump holds.
        await using (var source = NpgsqlDataSource.Create(target))
        await using (var insert = source.CreateCommand("INSERT INTO users (email, display_name) SELECT 'late' || g || '@example.com', 'Late' FROM generate_series(1, 7) g"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        Dictionary<string, long> now;
        await using (var connection = new NpgsqlConnection(target))
        {
            await connection.OpenAsync();
            now = await RowCounter.CountAllAsync(connection, null, CancellationToken.None);
        }

        var report = await verifier.VerifyAsync(target, path, snapshot, now, duration, CancellationToken.None);

        Assert.False(report.Verified);
        var mismatch = Assert.Single(report.Mismatches);
        Assert.Equal(("public.users", 7L), (mismatch.Table, mismatch.Source - mismatch.Restored!.Value));
    }

    private static async Task WriteContinuouslyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        var n = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var insert = source.CreateCommand("INSERT INTO dialog_messages (dialog_id, sender, content) VALUES (1, 'user', $1)");
            insert.Parameters.AddWithValue($"concurrent write {n++}");
            await insert.ExecuteNonQueryAsync(CancellationToken.None);
            await Task.Delay(5, CancellationToken.None);
        }
    }
}
