using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using ReplyX.Rollout.Controller.Leadership;

namespace ReplyX.Rollout.Controller.Risks;

/// <summary>The monitor's rule states and alert history in the controller's database (fenced like every engine write).</summary>
public sealed class RiskStateStore(NpgsqlDataSource dataSource, WriterFence fence)
{
    public async Task<IReadOnlyDictionary<string, RiskState>> StatesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT rule_id, risk, status, since, last_value, last_detail, last_at, last_alert, last_alert_at, memory::text FROM rollout.risk_state");
        var states = new Dictionary<string, RiskState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            states[reader.GetString(0)] = new RiskState(reader.GetString(0), reader.GetString(1), Enum.Parse<RiskStatus>(reader.GetString(2), ignoreCase: true),
                reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.GetString(9));
        }

        return states;
    }

    /// <summary>Saves a rule's state and, when it opened or closed an episode, the alert sent, in one transaction.</summary>
    public async Task SaveAsync(RiskState state, (string Kind, string Text, object Reading)? alert, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await fence.CheckAsync(connection, transaction, cancellationToken);
        await using (var upsert = new NpgsqlCommand(
            """
            INSERT INTO rollout.risk_state (rule_id, risk, status, since, last_value, last_detail, last_at, last_alert, last_alert_at, memory)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
            ON CONFLICT (rule_id) DO UPDATE SET risk = EXCLUDED.risk, status = EXCLUDED.status, since = EXCLUDED.since, last_value = EXCLUDED.last_value,
                last_detail = EXCLUDED.last_detail, last_at = EXCLUDED.last_at, last_alert = EXCLUDED.last_alert, last_alert_at = EXCLUDED.last_alert_at, memory = EXCLUDED.memory
            """, connection, transaction))
        {
            upsert.Parameters.AddWithValue(state.RuleId);
            upsert.Parameters.AddWithValue(state.Risk);
            upsert.Parameters.AddWithValue(state.Status.ToString().ToLowerInvariant());
            upsert.Parameters.AddWithValue(state.Since);
            upsert.Parameters.Add(new NpgsqlParameter<double?> { TypedValue = state.LastValue, NpgsqlDbType = NpgsqlDbType.Double });
            upsert.Parameters.AddWithValue(state.LastDetail);
            upsert.Parameters.AddWithValue(state.LastAt);
            upsert.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = state.LastAlert, NpgsqlDbType = NpgsqlDbType.Text });
            upsert.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = state.LastAlertAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            upsert.Parameters.AddWithValue(state.MemoryJson);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (alert is { } sent)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO rollout.risk_alerts (rule_id, risk, kind, at, text, reading) VALUES ($1, $2, $3, $4, $5, $6::jsonb)", connection, transaction);
            insert.Parameters.AddWithValue(state.RuleId);
            insert.Parameters.AddWithValue(state.Risk);
            insert.Parameters.AddWithValue(sent.Kind);
            insert.Parameters.AddWithValue(state.LastAt);
            insert.Parameters.AddWithValue(sent.Text);
            insert.Parameters.AddWithValue(JsonSerializer.Serialize(sent.Reading, Rollouts.RolloutStore.Json));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Alerts and resolutions the monitor sent since <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<(string RuleId, string Risk, string Kind, DateTimeOffset At, string Text)>> AlertsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT rule_id, risk, kind, at, text FROM rollout.risk_alerts WHERE at >= $1 ORDER BY id");
        command.Parameters.AddWithValue(since);
        var alerts = new List<(string, string, string, DateTimeOffset, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        }

        return alerts;
    }
}
