using System.Text.Json;
using Npgsql;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Rollouts;

/// <summary>
/// The percentage each phase flag serves (<c>rollout.flags</c>), written by a run's transitions in the same
/// transaction as the transition itself, and read by the flag feeds (the .NET definitions, OFREP).
/// </summary>
public sealed class FlagStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Every phase flag with its percentage, its phase's parameters, and whether its run is live (changes applied,
    /// not finished): only then does the gate cohort take the treatment path.
    /// </summary>
    public async Task<IReadOnlyList<FlagView>> FlagsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT f.flag, f.percentage, f.parameters::text, coalesce(r.state = ANY($1), false)
            FROM rollout.flags f LEFT JOIN rollout.runs r ON r.id = f.run_id
            ORDER BY f.flag
            """);
        command.Parameters.AddWithValue(RolloutStateExtensions.Live.Names());
        var flags = new List<FlagView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2), RolloutStore.Json) ?? [];
            flags.Add(new FlagView(reader.GetString(0), reader.GetInt32(1), parameters, reader.GetBoolean(3)));
        }

        return flags;
    }

    internal static async Task UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RolloutRun run, IReadOnlyDictionary<string, string>? parameters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO rollout.flags (flag, percentage, run_id, updated_at, parameters) VALUES ($1, $2, $3, $4, $5::jsonb)
            ON CONFLICT (flag) DO UPDATE SET percentage = EXCLUDED.percentage, run_id = EXCLUDED.run_id, updated_at = EXCLUDED.updated_at, parameters = EXCLUDED.parameters
            """, connection, transaction);
        command.Parameters.AddWithValue(run.Flag);
        command.Parameters.AddWithValue(run.Percentage);
        command.Parameters.AddWithValue(run.Id);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(JsonSerializer.Serialize(parameters ?? new Dictionary<string, string>(), RolloutStore.Json));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
