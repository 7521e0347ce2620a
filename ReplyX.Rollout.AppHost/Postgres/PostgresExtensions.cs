using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using ReplyX.Rollout.Primitives.Postgres;

namespace ReplyX.Rollout.AppHost.Postgres;

/// <summary>
/// PostgreSQL for the AppHost in whichever mode this machine allows. Configuration (<c>ReplyX:Postgres</c>):
/// <c>Mode</c> = auto | container | local | external; <c>ConnectionString</c> of an existing server (implies
/// external); <c>DataDirectory</c> for local mode (default <c>.pgdata</c> beside the AppHost project);
/// <c>BinDirectory</c> of the server binaries (default: newest under /usr/lib/postgresql).
/// </summary>
internal static class PostgresExtensions
{
    public static ReplyXPostgres AddReplyXPostgres(this IDistributedApplicationBuilder builder, string name)
    {
        var section = builder.Configuration.GetSection("ReplyX:Postgres");
        var (mode, reason) = ChooseMode(section);
        var postgres = mode switch
        {
            PostgresMode.External => AddExternal(builder, name, section["ConnectionString"]!, reason),
            PostgresMode.Container => AddContainer(builder, name, reason),
            _ => AddLocal(builder, name, section, reason),
        };

        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ReplyX.Rollout.AppHost")
                .LogInformation("PostgreSQL mode: {Mode} ({Reason})", postgres.Mode, postgres.Reason);
            return Task.CompletedTask;
        });
        return postgres;
    }

    private static (PostgresMode Mode, string Reason) ChooseMode(IConfiguration section)
    {
        var requested = (section["Mode"] ?? "auto").Trim().ToLowerInvariant();
        var hasConnectionString = !string.IsNullOrWhiteSpace(section["ConnectionString"]);
        switch (requested)
        {
            case "external" or "auto" when hasConnectionString:
                return hasConnectionString
                    ? (PostgresMode.External, "ReplyX:Postgres:ConnectionString names an existing server")
                    : throw new InvalidOperationException("ReplyX:Postgres:Mode is 'external' but ReplyX:Postgres:ConnectionString is empty.");
            case "container":
                return (PostgresMode.Container, "ReplyX:Postgres:Mode asks for the container");
            case "local":
                return (PostgresMode.Local, "ReplyX:Postgres:Mode asks for a local server");
            case "auto":
                var (answers, detail) = ContainerRuntimeProbe.Check();
                return answers
                    ? (PostgresMode.Container, detail)
                    : (PostgresMode.Local, $"no container runtime: {detail}; starting a local server from the machine's binaries");
            default:
                throw new InvalidOperationException($"ReplyX:Postgres:Mode '{requested}' is not one of auto, container, local, external.");
        }
    }

    private static ReplyXPostgres AddContainer(IDistributedApplicationBuilder builder, string name, string reason)
    {
        // The risk monitor's slow-query rule reads pg_stat_statements, which must be preloaded.
        var server = builder.AddPostgres(name).WithDataVolume("replyx-postgres-data").WithArgs("-c", "shared_preload_libraries=pg_stat_statements");
        return new ReplyXPostgres(PostgresMode.Container, reason, server,
            database => server.AddDatabase(database));
    }

    private static ReplyXPostgres AddExternal(IDistributedApplicationBuilder builder, string name, string connectionString, string reason)
    {
        var server = builder.AddParameter($"{name}-connection", connectionString, secret: true);
        var created = new List<string>();
        builder.Eventing.Subscribe<BeforeStartEvent>(async (_, cancellationToken) =>
        {
            foreach (var database in created)
            {
                await CreateDatabaseIfMissingAsync(connectionString, database, cancellationToken);
            }
        });
        return new ReplyXPostgres(PostgresMode.External, reason, server, database =>
        {
            created.Add(database);
            return builder.AddConnectionString(database, ReferenceExpression.Create($"{server.Resource};Database={database}"));
        });
    }

    private static ReplyXPostgres AddLocal(IDistributedApplicationBuilder builder, string name, IConfiguration section, string reason)
    {
        var bin = PostgresBinaries.Find("postgres", section["BinDirectory"])
            ?? throw new InvalidOperationException(
                "No container runtime answers and no PostgreSQL server binaries were found (looked under /usr/lib/postgresql). " +
                "Install them (Debian: apt-get install postgresql), start Docker, or set ReplyX:Postgres:ConnectionString.");
        var root = Path.GetFullPath(section["DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, ".pgdata"));
        var cluster = LocalPostgresCluster.EnsureInitialized(root, bin);
        var port = int.TryParse(section["Port"], out var configured) ? configured : FreePort();
        var (command, args) = cluster.ServerCommand(port);

        var password = builder.AddParameter($"{name}-password", cluster.Password, secret: true);
        var server = new LocalPostgresServerResource(name, command, root, password.Resource);
        var serverBuilder = builder.AddResource(server)
            .WithArgs(args)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: LocalPostgresServerResource.EndpointName, isProxied: false)
            .WithHealthCheck(AddConnectionHealthCheck(builder, server, $"{name}-accepts-connections"));

        var databases = new List<LocalPostgresDatabaseResource>();
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (e, cancellationToken) =>
        {
            var serverConnection = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in databases)
            {
                await CreateDatabaseIfMissingAsync(serverConnection!, database.DatabaseName, cancellationToken);
                await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running });
            }
        });

        return new ReplyXPostgres(PostgresMode.Local, reason, serverBuilder, databaseName =>
        {
            var database = new LocalPostgresDatabaseResource(databaseName, databaseName, server);
            databases.Add(database);
            return builder.AddResource(database)
                .WithInitialState(new CustomResourceSnapshot
                {
                    ResourceType = "PostgresDatabase",
                    State = KnownResourceStates.Waiting,
                    Properties = [new("postgres.database", databaseName), new("postgres.mode", "local")],
                })
                .WithHealthCheck(AddConnectionHealthCheck(builder, database, $"{databaseName}-accepts-connections"));
        });
    }

    private static string AddConnectionHealthCheck(IDistributedApplicationBuilder builder, IResourceWithConnectionString resource, string key)
    {
        builder.Services.AddHealthChecks().AddAsyncCheck(key, async cancellationToken =>
        {
            try
            {
                var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or SocketException)
            {
                return HealthCheckResult.Unhealthy(exception.Message);
            }
        });
        return key;
    }

    private static async Task CreateDatabaseIfMissingAsync(string serverConnectionString, string database, CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", connection);
        exists.Parameters.AddWithValue(database);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
