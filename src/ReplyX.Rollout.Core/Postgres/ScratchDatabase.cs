using Npgsql;

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>A throwaway database on a server, dropped (with its sessions) on dispose.</summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private ScratchDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<ScratchDatabase> CreateAsync(string serverConnectionString, string purpose, CancellationToken cancellationToken)
    {
        var name = $"replyx_scratch_{purpose}_{Guid.NewGuid():N}"[..48];
        await ExecuteAsync(serverConnectionString, $"CREATE DATABASE \"{name}\"", cancellationToken);
        return new ScratchDatabase(serverConnectionString, name);
    }

    public async ValueTask DisposeAsync() =>
        await ExecuteAsync(_serverConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None);

    private static async Task ExecuteAsync(string serverConnectionString, string sql, CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
