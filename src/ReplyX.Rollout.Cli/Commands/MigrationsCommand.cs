using System.CommandLine;
using Npgsql;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Migrations;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary>
/// <c>replyx-rollout migrations verify|consolidate|conflicts</c>: prove a consolidated baseline builds exactly the
/// chain's schema, write one, and find what makes a chain unsafe (several heads, parallel branches changing the
/// same table or column, objects dropped and still used).
/// </summary>
public static class MigrationsCommand
{
    /// <summary>Scratch databases are created on this server (a database the user may CREATE DATABASE from).</summary>
    public const string ConnectionVariable = "REPLYX_ROLLOUT_POSTGRES";

    public static Command Create()
    {
        var connection = new Option<string?>("--connection") { Description = $"PostgreSQL server for scratch databases (default: ${ConnectionVariable})." };
        var ignore = new Option<string>("--ignore") { Description = "Tables left out of the comparison (comma-separated).", DefaultValueFactory = _ => "alembic_version" };

        var chain = new Option<string>("--chain") { Description = "The migration chain (Alembic files or ordered SQL).", Required = true };
        var consolidated = new Option<string>("--consolidated") { Description = "The consolidated migrations.", Required = true };
        var verify = new Command("verify", "Apply the chain and the consolidated set to scratch databases and compare their catalogs.") { chain, consolidated, connection, ignore };
        verify.SetAction((r, ct) => VerifyAsync(r.GetValue(chain)!, r.GetValue(consolidated)!, Server(r.GetValue(connection)), Ignore(r.GetValue(ignore)), Console.Out, ct));

        var from = new Option<string>("--chain") { Description = "The migration chain to consolidate.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the consolidated baseline.", Required = true };
        var consolidate = new Command("consolidate", "Write a consolidated baseline from a chain, then verify it.") { from, output, connection, ignore };
        consolidate.SetAction((r, ct) => ConsolidateAsync(r.GetValue(from)!, r.GetValue(output)!, Server(r.GetValue(connection)), Ignore(r.GetValue(ignore)), Console.Out, ct));

        var directory = new Argument<string>("dir") { Description = "A migration directory." };
        var conflicts = new Command("conflicts", "Report multiple heads, overlapping parallel branches and dropped-then-referenced objects.") { directory };
        conflicts.SetAction(r => Conflicts(r.GetValue(directory)!, Console.Out));

        return new Command("migrations", "Consolidate a migration chain and prove it equal.") { verify, consolidate, conflicts };
    }

    public static int Conflicts(string directory, TextWriter output)
    {
        if (!Directory.Exists(directory))
        {
            output.WriteLine($"error: no directory '{directory}'.");
            return ExitCodes.UsageError;
        }

        var set = MigrationSet.Load(directory);
        var found = ConflictDetector.Find(set);
        output.WriteLine($"{set.Migrations.Count} migration(s) in {directory} ({(set.Format == MigrationFormat.RevisionGraph ? "revision graph" : "ordered SQL")}), {set.Heads().Count} head(s).");
        foreach (var conflict in found)
        {
            output.WriteLine($"  conflict {conflict.Kind}: {conflict.Message}");
        }

        output.WriteLine(found.Count == 0 ? "No conflicts." : $"{found.Count} conflict(s).");
        return found.Count == 0 ? ExitCodes.Success : ExitCodes.ValidationFailed;
    }

    public static async Task<int> VerifyAsync(string chain, string consolidated, string? server, IReadOnlyCollection<string> ignore, TextWriter output, CancellationToken cancellationToken)
    {
        if (server is null)
        {
            output.WriteLine($"error: give a PostgreSQL server with --connection or ${ConnectionVariable} (scratch databases are created there).");
            return ExitCodes.UsageError;
        }

        try
        {
            var report = await new MigrationVerifier(server).VerifyAsync(chain, consolidated, ignore, cancellationToken);
            output.WriteLine($"chain: {report.ChainMigrations} migration(s), fingerprint {report.ChainFingerprint}; consolidated: {report.ConsolidatedMigrations} migration(s), fingerprint {report.ConsolidatedFingerprint}; {report.Facts} catalog facts compared.");
            foreach (var difference in report.Differences)
            {
                output.WriteLine(difference.ToString());
            }

            output.WriteLine(report.Equal ? "Equal: the consolidated set builds exactly the chain's schema." : $"DIFFERENT: {report.Differences.Count} difference(s).");
            return report.Equal ? ExitCodes.Success : ExitCodes.ValidationFailed;
        }
        catch (Exception exception) when (exception is MigrationApplyException or DirectoryNotFoundException)
        {
            output.WriteLine($"error: {exception.Message}");
            return ExitCodes.ValidationFailed;
        }
        catch (NpgsqlException exception)
        {
            output.WriteLine($"error: could not use the server: {exception.Message}");
            return ExitCodes.Unreachable;
        }
    }

    public static async Task<int> ConsolidateAsync(string chain, string outputDirectory, string? server, IReadOnlyCollection<string> ignore, TextWriter output, CancellationToken cancellationToken)
    {
        if (server is null)
        {
            output.WriteLine($"error: give a PostgreSQL server with --connection or ${ConnectionVariable} (scratch databases are created there).");
            return ExitCodes.UsageError;
        }

        try
        {
            var written = await new MigrationConsolidator(server, new PostgresTools()).ConsolidateAsync(chain, outputDirectory, ignore, cancellationToken);
            foreach (var file in written)
            {
                output.WriteLine($"wrote {file}");
            }
        }
        catch (Exception exception) when (exception is MigrationApplyException or DirectoryNotFoundException or PostgresToolException)
        {
            output.WriteLine($"error: {exception.Message}");
            return ExitCodes.ValidationFailed;
        }
        catch (NpgsqlException exception)
        {
            output.WriteLine($"error: could not use the server: {exception.Message}");
            return ExitCodes.Unreachable;
        }

        return await VerifyAsync(chain, outputDirectory, server, ignore, output, cancellationToken);
    }

    private static string? Server(string? option) => option ?? Environment.GetEnvironmentVariable(ConnectionVariable);

    private static string[] Ignore(string? value) => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
