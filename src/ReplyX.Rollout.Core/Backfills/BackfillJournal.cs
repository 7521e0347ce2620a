using Npgsql;
using ReplyX.Rollout.Core.Execution;

namespace ReplyX.Rollout.Core.Backfills;

/// <summary>
/// A backfill's position in the target's journal (<c>replyx_rollout.backfill_progress</c>, created with the step journal):
/// the last key done and the running counts, written in each batch's own transaction.
/// </summary>
public static class BackfillJournal
{
    public static async Task<(string? LastKey, long Scanned, long Updated, int Batches)> ReadAsync(NpgsqlConnection connection, StepRequest step, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT last_key, rows_scanned, rows_updated, batches FROM replyx_rollout.backfill_progress WHERE run_id = $1 AND kind = $2 AND ordinal = $3", connection);
        command.Parameters.AddWithValue(step.RunId);
        command.Parameters.AddWithValue(step.Kind);
        command.Parameters.AddWithValue(step.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3))
            : (null, 0, 0, 0);
    }

    internal static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StepRequest step, long epoch, string lastKey, long scanned, long updated, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO replyx_rollout.backfill_progress AS p (run_id, kind, ordinal, last_key, rows_scanned, rows_updated, batches, epoch)
            VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
            ON CONFLICT (run_id, kind, ordinal) DO UPDATE SET last_key = EXCLUDED.last_key, rows_scanned = p.rows_scanned + EXCLUDED.rows_scanned,
                rows_updated = p.rows_updated + EXCLUDED.rows_updated, batches = p.batches + 1, epoch = EXCLUDED.epoch, updated_at = now()
            """, connection, transaction);
        command.Parameters.AddWithValue(step.RunId);
        command.Parameters.AddWithValue(step.Kind);
        command.Parameters.AddWithValue(step.Ordinal);
        command.Parameters.AddWithValue(lastKey);
        command.Parameters.AddWithValue(scanned);
        command.Parameters.AddWithValue(updated);
        command.Parameters.AddWithValue(epoch);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
