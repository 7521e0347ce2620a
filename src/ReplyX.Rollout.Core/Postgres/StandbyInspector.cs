using System.Diagnostics;
using Npgsql;

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>
/// Recovery level 4 (R001 "standby database promotion"): checks a streaming standby is there and current before a
/// phase changes anything, and promotes it when a human asks, proving it accepts writes and holds the rows.
/// </summary>
public sealed class StandbyInspector(string primaryConnectionString, string standbyConnectionString)
{
    public async Task<StandbyStatus> ReadAsync(CancellationToken cancellationToken)
    {
        await using var primary = new NpgsqlConnection(primaryConnectionString);
        await primary.OpenAsync(cancellationToken);
        await using var standby = new NpgsqlConnection(standbyConnectionString);
        try
        {
            await standby.OpenAsync(cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            return new StandbyStatus(0, false, false, null, null, $"the standby could not be reached: {exception.Message}");
        }

        var (streaming, lagSeconds, primaryLsn, primaryId) = await ReadPrimaryAsync(primary, cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT pg_is_in_recovery(), (SELECT system_identifier FROM pg_control_system())::text, pg_wal_lsn_diff($1::pg_lsn, coalesce(pg_last_wal_replay_lsn(), '0/0'))::bigint",
            standby);
        command.Parameters.AddWithValue(primaryLsn);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var inRecovery = reader.GetBoolean(0);
        var sameCluster = reader.GetString(1) == primaryId;
        var lagBytes = reader.IsDBNull(2) ? (long?)null : Math.Max(0, reader.GetInt64(2));
        var problem = !inRecovery ? "the standby is not in recovery (it is a primary, or was promoted)"
            : !sameCluster ? "the standby is a copy of another cluster (system identifiers differ)"
            : streaming == 0 ? "the primary reports no streaming replica (pg_stat_replication is empty)"
            : null;
        return new StandbyStatus(streaming, inRecovery, sameCluster, lagSeconds is { } s ? TimeSpan.FromSeconds(s) : null, lagBytes, problem);
    }

    /// <summary>Promotes the standby, proves it accepts a write, and counts the given tables on it.</summary>
    public async Task<StandbyPromotion> PromoteAsync(IReadOnlyCollection<string> tables, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var standby = new NpgsqlConnection(standbyConnectionString);
        await standby.OpenAsync(cancellationToken);
        await using (var promote = new NpgsqlCommand("SELECT pg_promote(true, $1)", standby))
        {
            promote.Parameters.AddWithValue((int)Math.Ceiling(timeout.TotalSeconds));
            if (!(bool)(await promote.ExecuteScalarAsync(cancellationToken))!)
            {
                throw new PostgresToolException($"pg_promote did not finish within {timeout.TotalSeconds:F0} s");
            }
        }

        var promoted = clock.Elapsed;
        // A write the standby could not take while in recovery: proof it now serves as a primary.
        await using (var write = new NpgsqlCommand("CREATE TEMP TABLE replyx_promotion_check (at timestamptz DEFAULT now()); INSERT INTO replyx_promotion_check DEFAULT VALUES;", standby))
        {
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        var counts = await RowCounter.CountAsync(standby, null, tables.Select(Lint.SqlIdentifier.Quote), cancellationToken);
        return new StandbyPromotion(promoted, clock.Elapsed, tables.ToDictionary(t => t, t => counts[Lint.SqlIdentifier.Quote(t)]));
    }

    private static async Task<(int Streaming, double? LagSeconds, string Lsn, string SystemIdentifier)> ReadPrimaryAsync(NpgsqlConnection primary, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming')::int,
                   (SELECT max(extract(epoch FROM replay_lag))::float8 FROM pg_stat_replication WHERE state = 'streaming'),
                   pg_current_wal_lsn()::text, (SELECT system_identifier FROM pg_control_system())::text
            """, primary);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetDouble(1), reader.GetString(2), reader.GetString(3));
    }
}
