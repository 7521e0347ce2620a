using Npgsql;
using ReplyX.Rollout.Core.Lint;

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>Finds and removes the INVALID indexes a failed or interrupted concurrent build leaves behind (R005).</summary>
internal static class IndexInspector
{
    /// <summary>null when the index does not exist; otherwise whether it is valid and ready.</summary>
    public static async Task<bool?> IsValidAsync(NpgsqlConnection connection, string index, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT i.indisvalid AND i.indisready FROM pg_index i WHERE i.indexrelid = to_regclass($1)", connection);
        command.Parameters.AddWithValue(index);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is bool valid ? valid : null;
    }

    /// <summary>Drops the index if it exists and is invalid; returns true when it dropped one.</summary>
    public static async Task<bool> DropIfInvalidAsync(NpgsqlConnection connection, string index, CancellationToken cancellationToken)
    {
        if (await IsValidAsync(connection, index, cancellationToken) != false)
        {
            return false;
        }

        // Not in a transaction, not CASCADE: DROP INDEX CONCURRENTLY's rules.
        await using var drop = new NpgsqlCommand($"DROP INDEX CONCURRENTLY IF EXISTS {SqlIdentifier.Quote(index)}", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }
}
