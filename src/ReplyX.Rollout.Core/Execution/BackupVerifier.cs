using Npgsql;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Core.Execution;

/// <summary>
/// Takes the pre-change backup and proves it restores (seed R001/R011: "test restore procedures", "automated
/// backup verification"). Row counts only compare in the dump's own snapshot, so the snapshot is exported from
/// a REPEATABLE READ transaction held open, counted there, and handed to <c>pg_dump --snapshot</c>.
/// </summary>
public sealed class BackupVerifier(PostgresTools tools, TimeProvider time)
{
    public async Task<BackupReport> BackupAndVerifyAsync(string targetConnectionString, string backupsDirectory, string label, CancellationToken cancellationToken)
    {
        var (path, snapshot, counts, dumpDuration) = await DumpAsync(targetConnectionString, backupsDirectory, label, cancellationToken);
        return await VerifyAsync(targetConnectionString, path, snapshot, counts, dumpDuration, cancellationToken);
    }

    public async Task<(string Path, string Snapshot, IReadOnlyDictionary<string, long> Counts, TimeSpan Duration)> DumpAsync(
        string targetConnectionString, string backupsDirectory, string label, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(backupsDirectory);
        var path = Path.GetFullPath(Path.Combine(backupsDirectory, $"{label}.dump"));
        var started = time.GetTimestamp();

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(targetConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var snapshotTransaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, snapshotTransaction);
        var snapshot = (string)(await export.ExecuteScalarAsync(cancellationToken))!;
        var counts = await RowCounter.CountAllAsync(connection, snapshotTransaction, cancellationToken);

        await tools.RunAsync("pg_dump", ["--format=custom", $"--snapshot={snapshot}", $"--file={path}", "--no-password"], targetConnectionString, cancellationToken);
        await snapshotTransaction.CommitAsync(cancellationToken);
        return (path, snapshot, counts, time.GetElapsedTime(started));
    }

    /// <summary>Restores <paramref name="path"/> into a scratch database and compares its row counts with <paramref name="expected"/>.</summary>
    public async Task<BackupReport> VerifyAsync(string targetConnectionString, string path, string snapshot, IReadOnlyDictionary<string, long> expected, TimeSpan dumpDuration, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(targetConnectionString);
        var scratch = $"{target.Database}_verify_{Guid.NewGuid():N}"[..Math.Min(63, target.Database!.Length + 16)];
        var admin = new NpgsqlConnectionStringBuilder(targetConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        var scratchConnection = new NpgsqlConnectionStringBuilder(targetConnectionString) { Database = scratch, Pooling = false }.ConnectionString;

        await ExecuteAsync(admin, $"CREATE DATABASE \"{scratch}\"", cancellationToken);
        try
        {
            var started = time.GetTimestamp();
            await tools.RunAsync("pg_restore", ["--exit-on-error", "--no-owner", $"--dbname={scratch}", path], scratchConnection, cancellationToken);
            var restoreDuration = time.GetElapsedTime(started);

            await using var connection = new NpgsqlConnection(scratchConnection);
            await connection.OpenAsync(cancellationToken);
            var restored = await RowCounter.CountAllAsync(connection, null, cancellationToken);
            var tables = expected.Keys.Union(restored.Keys).Order(StringComparer.Ordinal)
                .Select(t => new TableRowCount(t, expected.GetValueOrDefault(t, -1), restored.TryGetValue(t, out var r) ? r : null))
                .ToList();
            return new BackupReport(path, new FileInfo(path).Length, snapshot, dumpDuration, restoreDuration, tables);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{scratch}\" WITH (FORCE)", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
