using Npgsql;
using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Core.Execution;

/// <summary>
/// The checks before any change, each a verdict with its readings. Order matters: the transaction and
/// duplicate checks are cheap and come first; the backup comes last and finishes (with its verification)
/// before the first DDL, because pg_dump's snapshot would stall a concurrent index build.
/// </summary>
public sealed class PreflightRunner(string targetConnectionString, BackupVerifier backups, string backupsDirectory)
{
    public async Task<PreflightCheckResult> OldTransactionsAsync(PhaseDefinition phase, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(targetConnectionString);
        var old = await new TargetDatabaseInspector(dataSource).OldTransactionsAsync(phase.Preflight.MaxTransactionAge, cancellationToken);
        var readings = new Dictionary<string, object?> { ["maxAgeSeconds"] = phase.Preflight.MaxTransactionAge.TotalSeconds, ["count"] = old.Count };
        if (old.Count == 0)
        {
            return new PreflightCheckResult("open-transactions", true, $"no transaction open longer than {Durations.Format(phase.Preflight.MaxTransactionAge)}", readings);
        }

        readings["sessions"] = old.Select(t => new { t.Pid, t.User, t.Application, t.State, AgeSeconds = Math.Round(t.Age.TotalSeconds), t.Query }).ToList();
        var first = old[0];
        return new PreflightCheckResult("open-transactions", false,
            $"{old.Count} transaction(s) open longer than {Durations.Format(phase.Preflight.MaxTransactionAge)} would stall CONCURRENTLY builds; oldest: pid {first.Pid} ({first.Application}, {first.State}) for {Math.Round(first.Age.TotalSeconds)} s: {first.Query}",
            readings);
    }

    public async Task<PreflightCheckResult> DuplicatesAsync(PhaseDefinition phase, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        await using var connection = new NpgsqlConnection(targetConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var check in phase.Preflight.Duplicates)
        {
            var columns = string.Join(", ", check.Columns.Select(c => SqlIdentifier.Quote(c)));
            await using var command = new NpgsqlCommand(
                $"SELECT count(*) FROM (SELECT 1 FROM {SqlIdentifier.Quote(check.Table)} WHERE ({string.Join(" AND ", check.Columns.Select(c => SqlIdentifier.Quote(c) + " IS NOT NULL"))}) GROUP BY {columns} HAVING count(*) > 1) d",
                connection);
            var groups = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            if (groups > 0)
            {
                found.Add($"{check.Table} ({string.Join(", ", check.Columns)}): {groups} duplicate group(s)");
            }
        }

        return new PreflightCheckResult("duplicates", found.Count == 0,
            found.Count == 0 ? $"no duplicates on {phase.Preflight.Duplicates.Count} declared key(s)" : "a unique index would fail: " + string.Join("; ", found),
            new Dictionary<string, object?> { ["checked"] = phase.Preflight.Duplicates.Count, ["found"] = found });
    }

    public async Task<PreflightCheckResult> DiskAsync(PhaseDefinition phase, IReadOnlyList<string> touchedTables, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(targetConnectionString);
        var tables = await new TargetDatabaseInspector(dataSource).TablesAsync(touchedTables, cancellationToken);
        var needed = (long)(tables.Sum(t => t.TotalBytes) * (1 + phase.Preflight.DiskHeadroom));
        string? dataDirectory = null;
        try
        {
            await using var command = dataSource.CreateCommand("SELECT current_setting('data_directory')");
            dataDirectory = (string?)await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (PostgresException)
        {
            // Only superusers and pg_read_all_settings may read it; the check then says it could not look.
        }

        var readings = new Dictionary<string, object?> { ["neededBytes"] = needed, ["dataDirectory"] = dataDirectory };
        if (dataDirectory is null || !Directory.Exists(dataDirectory))
        {
            return new PreflightCheckResult("disk", true, $"data directory not visible to the controller; the build needs about {needed / (1 << 20)} MiB there (not checked)", readings);
        }

        var free = new DriveInfo(dataDirectory).AvailableFreeSpace;
        readings["freeBytes"] = free;
        return new PreflightCheckResult("disk", free >= needed,
            free >= needed
                ? $"{free / (1 << 20)} MiB free, {needed / (1 << 20)} MiB needed"
                : $"only {free / (1 << 20)} MiB free where the data directory is, {needed / (1 << 20)} MiB needed (R005)",
            readings);
    }

    public async Task<(PreflightCheckResult Result, BackupReport? Report)> BackupAsync(PhaseDefinition phase, string label, CancellationToken cancellationToken)
    {
        if (phase.Preflight.Backup == BackupPolicy.Skip)
        {
            return (new PreflightCheckResult("backup", true, "skipped: " + phase.Preflight.BackupSkipReason, new Dictionary<string, object?>()), null);
        }

        BackupReport report;
        try
        {
            report = await backups.BackupAndVerifyAsync(targetConnectionString, backupsDirectory, label, cancellationToken);
        }
        catch (PostgresToolException exception)
        {
            return (new PreflightCheckResult("backup", false, exception.Message, new Dictionary<string, object?>()), null);
        }

        var readings = new Dictionary<string, object?>
        {
            ["path"] = report.Path,
            ["bytes"] = report.Bytes,
            ["dumpSeconds"] = Math.Round(report.DumpDuration.TotalSeconds, 2),
            ["restoreSeconds"] = Math.Round(report.RestoreDuration.TotalSeconds, 2),
            ["tables"] = report.Tables.ToDictionary(t => t.Table, t => new { t.Source, t.Restored }),
        };
        return report.Verified
            ? (new PreflightCheckResult("backup", true, $"verified: {report.Tables.Count} tables restored with matching row counts in {report.RestoreDuration.TotalSeconds:F1} s (level-3 recovery time)", readings), report)
            : (new PreflightCheckResult("backup", false, "restored backup does not match the source: " + string.Join("; ", report.Mismatches.Select(m => $"{m.Table} {m.Source} in source, {m.Restored?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"} restored")), readings), report);
    }
}
