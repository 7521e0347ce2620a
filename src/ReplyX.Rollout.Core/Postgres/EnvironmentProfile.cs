using Npgsql;

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>
/// What makes two environments behave alike (R013 testing environment drift): the server version, the settings
/// that change query plans, the schema (catalog fingerprint, extensions included) and the tables' volumes.
/// </summary>
public sealed record EnvironmentProfile(string ServerVersion, IReadOnlyDictionary<string, string> Settings, CatalogFingerprint Schema, IReadOnlyDictionary<string, long> RowEstimates)
{
    /// <summary>Settings the planner reads (costs, memory, parallelism, join search, enable_*), as the session sees them (database-level SETs included).</summary>
    public static readonly IReadOnlyList<string> PlanSettings =
    [
        "work_mem", "maintenance_work_mem", "shared_buffers", "effective_cache_size", "random_page_cost", "seq_page_cost",
        "cpu_tuple_cost", "cpu_index_tuple_cost", "cpu_operator_cost", "effective_io_concurrency", "default_statistics_target",
        "max_parallel_workers_per_gather", "parallel_setup_cost", "parallel_tuple_cost", "from_collapse_limit", "join_collapse_limit",
        "geqo", "geqo_threshold", "jit", "plan_cache_mode", "enable_%",
    ];

    public static async Task<EnvironmentProfile> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        string version;
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using (var command = dataSource.CreateCommand(
            "SELECT name, setting || coalesce(' ' || unit, '') FROM pg_settings WHERE name = ANY($1) OR name LIKE ANY($1) ORDER BY name"))
        {
            command.Parameters.AddWithValue(PlanSettings.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                settings[reader.GetString(0)] = reader.GetString(1);
            }
        }

        await using (var command = dataSource.CreateCommand("SELECT current_setting('server_version')"))
        {
            version = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using (var command = dataSource.CreateCommand(
            """
            SELECT CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname || '.' END || c.relname, greatest(c.reltuples, 0)::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'replyx_rollout') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
            """))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return new EnvironmentProfile(version, settings, await CatalogFingerprint.CaptureAsync(dataSource, [], cancellationToken), rows);
    }
}
