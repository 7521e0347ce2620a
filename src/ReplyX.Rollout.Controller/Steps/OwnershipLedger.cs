using System.Text.Json;
using Npgsql;
using ReplyX.Rollout.Controller.Leadership;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Ownership;

namespace ReplyX.Rollout.Controller.Steps;

/// <summary>
/// A run's ownership ledger and each step's findings, in the controller's database. A step's findings and the
/// ledger rows it adds are written in one transaction, before the step runs, and never rewritten: a step resumed
/// after a crash acts on what was there before its first attempt, not on what its own first attempt built.
/// </summary>
public sealed class OwnershipLedger(NpgsqlDataSource dataSource, TimeProvider time, WriterFence fence)
{
    public async Task<IReadOnlyList<OwnedObject>> ObjectsAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT object_kind, name, nullif(table_name, ''), ordinal, step_kind, existed_before, action, definition, intended
            FROM rollout.run_objects WHERE run_id = $1 ORDER BY ordinal, recorded_at, name
            """);
        command.Parameters.AddWithValue(runId);
        var objects = new List<OwnedObject>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            objects.Add(new OwnedObject(
                new SchemaObject(Enum.Parse<SchemaObjectKind>(reader.GetString(0)), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)),
                reader.GetInt32(3), reader.GetString(4), reader.GetBoolean(5), ParseAction(reader.GetString(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return objects;
    }

    /// <summary>The plan recorded before the step's first attempt, or null when the step was never looked at.</summary>
    public async Task<OwnershipPlan?> StepPlanAsync(Guid runId, string kind, int ordinal, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT findings::text FROM rollout.step_ownership WHERE run_id = $1 AND kind = $2 AND ordinal = $3");
        command.Parameters.AddWithValue(runId);
        command.Parameters.AddWithValue(kind);
        command.Parameters.AddWithValue(ordinal);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize<OwnershipPlan>(json, RolloutStore.Json) : null;
    }

    /// <summary>Records a step's plan and the objects it adds to the ledger, once; a second call for the same step changes nothing.</summary>
    public async Task RecordAsync(Guid runId, string kind, int ordinal, OwnershipPlan plan, IReadOnlyList<OwnedObject> added, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await fence.CheckAsync(connection, transaction, cancellationToken);
        var now = time.GetUtcNow();
        await using (var step = new NpgsqlCommand(
            "INSERT INTO rollout.step_ownership (run_id, kind, ordinal, findings, recorded_at) VALUES ($1, $2, $3, $4::jsonb, $5) ON CONFLICT DO NOTHING",
            connection, transaction))
        {
            step.Parameters.AddWithValue(runId);
            step.Parameters.AddWithValue(kind);
            step.Parameters.AddWithValue(ordinal);
            step.Parameters.AddWithValue(JsonSerializer.Serialize(plan, RolloutStore.Json));
            step.Parameters.AddWithValue(now);
            if (await step.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return;
            }
        }

        foreach (var owned in added)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO rollout.run_objects (run_id, object_kind, name, table_name, ordinal, step_kind, existed_before, action, definition, intended, recorded_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                ON CONFLICT DO NOTHING
                """, connection, transaction);
            insert.Parameters.AddWithValue(runId);
            insert.Parameters.AddWithValue(owned.Object.Kind.ToString());
            insert.Parameters.AddWithValue(owned.Object.Name);
            insert.Parameters.AddWithValue(owned.Object.Table ?? "");
            insert.Parameters.AddWithValue(owned.Ordinal);
            insert.Parameters.AddWithValue(owned.StepKind);
            insert.Parameters.AddWithValue(owned.ExistedBefore);
            insert.Parameters.AddWithValue(ActionName(owned.Action));
            insert.Parameters.AddWithValue((object?)owned.Definition ?? DBNull.Value);
            insert.Parameters.AddWithValue((object?)owned.Intended ?? DBNull.Value);
            insert.Parameters.AddWithValue(now);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public static string ActionName(ObjectAction action) => action switch
    {
        ObjectAction.ReplacedInvalid => "replaced-invalid",
        _ => action.ToString().ToLowerInvariant(),
    };

    private static ObjectAction ParseAction(string name) => name == "replaced-invalid" ? ObjectAction.ReplacedInvalid : Enum.Parse<ObjectAction>(name, ignoreCase: true);
}
