using System.Collections.Concurrent;
using Npgsql;
using Testcontainers.PostgreSql;
using ReplyX.Rollout.Core.Postgres;
using ReplyX.Rollout.Primitives.Postgres;

namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>
/// The one PostgreSQL server every integration test shares. In order of preference: the server in
/// <c>REPLYX_TEST_POSTGRES</c> (tests create their own databases there), a Testcontainers PostgreSQL when a
/// Docker daemon answers, or a throwaway local cluster. Each test class gets a fresh database of its own.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "REPLYX_TEST_POSTGRES";

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _databases = new();
    private LocalPostgresCluster? _cluster;
    private PostgreSqlContainer? _container;

    /// <summary>Connection string of the server's maintenance database, for a test that needs the server.</summary>
    public string ServerConnectionString { get; private set; } = "";

    /// <summary>Where pg_dump and pg_restore are, or null when only a remote server is available.</summary>
    public string? BinDirectory { get; private set; }

    /// <summary>How the server was obtained, for the test log.</summary>
    public string Source { get; private set; } = "";

    public async Task InitializeAsync()
    {
        BinDirectory = PostgresBinaries.Find("initdb");
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            ServerConnectionString = fromEnvironment;
            Source = EnvironmentVariable;
            return;
        }

        var dockerError = await TryContainerAsync();
        if (_container is not null)
        {
            return;
        }

        if (BinDirectory is null)
        {
            throw new InvalidOperationException(
                "No PostgreSQL for the tests. Provide one of: " +
                $"(1) {EnvironmentVariable}=<connection string of a server where tests may create databases>; " +
                "(2) a running Docker daemon for Testcontainers; " +
                "(3) PostgreSQL server binaries (Debian: apt-get install postgresql) for a throwaway local cluster. " +
                $"Docker said: {dockerError}");
        }

        _cluster = await LocalPostgresCluster.StartAsync(BinDirectory);
        ServerConnectionString = _cluster.ConnectionString;
        Source = $"local cluster on port {_cluster.Port}";
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    /// <summary>A fresh, empty database for <paramref name="owner"/>, created once and reused by its tests.</summary>
    public Task<string> DatabaseForAsync(string owner) =>
        _databases.GetOrAdd(owner, key => new Lazy<Task<string>>(() => CreateDatabaseAsync(key))).Value;

    /// <summary>A new empty database every call.</summary>
    public async Task<string> CreateDatabaseAsync(string hint)
    {
        var name = "t_" + new string(hint.ToLowerInvariant().Where(char.IsLetterOrDigit).Take(30).ToArray()) + "_" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    private async Task<string?> TryContainerAsync()
    {
        try
        {
            var container = new PostgreSqlBuilder("postgres:15").WithCommand("-c", "shared_preload_libraries=pg_stat_statements").Build();
            await container.StartAsync();
            _container = container;
            ServerConnectionString = container.GetConnectionString();
            Source = "Testcontainers";
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return exception.GetType().Name + ": " + exception.Message.Split('\n')[0];
        }
    }
}
