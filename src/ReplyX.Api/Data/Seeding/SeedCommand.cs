using Npgsql;
using ReplyX.Rollout.Primitives.Migrations;

namespace ReplyX.Api.Data.Seeding;

/// <summary>
/// <c>ReplyX.Api seed [--size 200k|1m|N] [--documents N] [--if-empty] [--connection CS]</c>: migrates the workload schema, then
/// seeds it. The AppHost runs it with <c>--if-empty</c> before the workload starts.
/// </summary>
public static class SeedCommand
{
    public const string Usage =
        """
        Usage: ReplyX.Api seed [--size <messages>] [--documents <count>] [--if-empty] [--connection <connection string>]
          --size        dataset size: a message count (200k, 1m, 1500000) or small|medium|large (default 200k)
          --documents   knowledge documents (5 embedded chunks each) instead of one per 400 messages
          --if-empty    only seed when the users table is empty (safe to run at every start)
          --connection  target database; defaults to ConnectionStrings:replyx
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var size = DatasetSize.Default;
        int? documents = null;
        var ifEmpty = false;
        string? connection = null;
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--size" when i + 1 < args.Length:
                    if (!DatasetSize.TryParse(args[++i], out size, out var error))
                    {
                        await Console.Error.WriteLineAsync(error);
                        return 2;
                    }

                    break;
                case "--documents" when i + 1 < args.Length:
                    if (!DatasetSize.TryParseDocuments(args[++i], out var count, out var documentsError))
                    {
                        await Console.Error.WriteLineAsync(documentsError);
                        return 2;
                    }

                    documents = count;
                    break;
                case "--if-empty":
                    ifEmpty = true;
                    break;
                case "--connection" when i + 1 < args.Length:
                    connection = args[++i];
                    break;
                case "--help" or "-h":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Contains('=', StringComparison.Ordinal))
                    {
                        hostArgs.Add(args[i]);
                        break;
                    }

                    await Console.Error.WriteLineAsync($"Unknown option '{args[i]}'.\n{Usage}");
                    return 2;
            }
        }

        size = size with { KnowledgeDocuments = documents };
        var builder = Host.CreateApplicationBuilder([.. hostArgs]);
        builder.AddServiceDefaults();
        if (connection is not null)
        {
            builder.Configuration["ConnectionStrings:replyx"] = connection;
        }

        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("replyx")))
        {
            await Console.Error.WriteLineAsync("No database: pass --connection or set ConnectionStrings__replyx.");
            return 2;
        }

        builder.AddNpgsqlDataSource("replyx");
        builder.Services.AddSingleton<DatasetSeeder>();
        using var host = builder.Build();
        await host.StartAsync();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var token = lifetime.ApplicationStopping;
        var logger = host.Services.GetRequiredService<ILogger<SqlMigrator>>();
        try
        {
            var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
            var applied = await WorkloadSchema.MigrateAsync(dataSource, logger, token);
            logger.LogInformation("Workload schema up to date ({Applied} migrations applied now)", applied.Count);

            var seeder = host.Services.GetRequiredService<DatasetSeeder>();
            if (ifEmpty && !await seeder.IsEmptyAsync(token))
            {
                logger.LogInformation("Workload database already holds data; seeding skipped");
            }
            else
            {
                var report = await seeder.SeedAsync(size, token);
                Console.WriteLine($"Seeded {report.Users} users, {report.Dialogs} dialogs, {report.Messages} messages, {report.Embeddings} embeddings in {report.Elapsed.TotalSeconds:F1} s.");
            }

            return 0;
        }
        catch (Exception exception) when (exception is NpgsqlException or PostgresException or InvalidOperationException)
        {
            logger.LogError(exception, "Seeding failed");
            return 1;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
