using System.CommandLine;
using Npgsql;
using ReplyX.Rollout.Core.Migrations;
using ReplyX.Rollout.Core.Migrations.Tools;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary>
/// <c>replyx-rollout migrations verify|consolidate|conflicts</c>: prove a consolidated baseline builds exactly the
/// chain's schema, write one (in parts, with the mapping for databases at old revisions), and find what makes a
/// chain unsafe - with the project's own migration tool (<c>--tool alembic</c>) or, for SQL-only chains, by reading
/// the statements.
/// </summary>
public static class MigrationsCommand
{
    /// <summary>Scratch databases are created on this server (a database the user may CREATE DATABASE from).</summary>
    public const string ConnectionVariable = "REPLYX_ROLLOUT_POSTGRES";

    private static readonly Option<string?> Connection = new("--connection") { Description = $"PostgreSQL server for scratch databases (default: ${ConnectionVariable})." };
    private static readonly Option<string> Ignore = new("--ignore") { Description = "Tables left out of the comparison besides the tool's own (comma-separated).", DefaultValueFactory = _ => "" };
    private static readonly Option<string> Tool = new("--tool") { Description = "The chain's migration tool: sql (plain SQL, op.execute) or alembic (real Alembic).", DefaultValueFactory = _ => MigrationToolOptions.Sql };
    private static readonly Option<string> Python = new("--python") { Description = $"Python with alembic and psycopg2 (default {MigrationToolOptions.DefaultPython}; a project virtualenv's python when the migrations import the application).", DefaultValueFactory = _ => MigrationToolOptions.DefaultPython };
    private static readonly Option<string?> Ini = new("--ini") { Description = "The project's alembic.ini (default: a minimal environment around the versions folder)." };
    private static readonly Option<string> Url = new("--url") { Description = "How the database URL reaches env.py: x-arg, env:NAME or ini.", DefaultValueFactory = _ => "x-arg" };
    private static readonly Option<bool> Verbose = new("--verbose") { Description = "Print the tool's own output." };

    public static Command Create()
    {
        var chain = new Option<string>("--chain") { Description = "The migration chain (Alembic versions folder or SQL files).", Required = true };
        var consolidated = new Option<string>("--consolidated") { Description = "The consolidated migrations.", Required = true };
        var verify = new Command("verify", "Apply the chain and the consolidated set with their tool to scratch databases and compare their catalogs.") { chain, consolidated, Connection, Ignore, Tool, Python, Ini, Url, Verbose };
        verify.SetAction((r, ct) => VerifyAsync(Options(r, r.GetValue(chain)!), r.GetValue(consolidated)!, Server(r), Ignored(r), Console.Out, ct));

        var from = new Option<string>("--chain") { Description = "The migration chain to consolidate.", Required = true };
        var output = new Option<string>("--out") { Description = "A new or empty folder for the consolidated baseline.", Required = true };
        var parts = new Option<int?>("--parts") { Description = "How many migrations the baseline has, split by object kind (default: one per kind)." };
        var consolidate = new Command("consolidate", "Write a consolidated baseline from a chain (in the chain's format), with the mapping for databases at old revisions; prove both.") { from, output, parts, Connection, Ignore, Tool, Python, Ini, Url, Verbose };
        consolidate.SetAction((r, ct) => ConsolidateAsync(Options(r, r.GetValue(from)!), r.GetValue(output)!, r.GetValue(parts), Server(r), Ignored(r), Console.Out, ct));

        var directory = new Argument<string>("dir") { Description = "A migration directory." };
        var conflicts = new Command("conflicts", "Report multiple heads and what parallel branches both change, add or drop (with --tool alembic, from the schema each branch builds).") { directory, Connection, Tool, Python, Ini, Url, Verbose };
        conflicts.SetAction((r, ct) => ConflictsAsync(Options(r, r.GetValue(directory)!), Server(r), Console.Out, ct));

        return new Command("migrations", "Consolidate a migration chain and prove it equal.") { verify, consolidate, conflicts };
    }

    public static async Task<int> ConflictsAsync(MigrationToolOptions options, string? server, TextWriter output, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(options.Directory))
        {
            await output.WriteLineAsync($"error: no directory '{options.Directory}'.");
            return ExitCodes.UsageError;
        }

        return await RunAsync(output, options.Tool == MigrationToolOptions.Sql ? "" : server, async () =>
        {
            var tool = options.Create();
            MigrationSet graph;
            IReadOnlyList<MigrationConflict> found;
            if (tool is SqlMigrationTool)
            {
                graph = await tool.GraphAsync(cancellationToken);
                found = ConflictDetector.Find(graph);
            }
            else
            {
                (graph, found) = await new BranchConflictFinder(server!).FindAsync(tool, [], cancellationToken);
            }

            await output.WriteLineAsync($"{graph.Migrations.Count} migration(s) in {options.Directory} ({tool.Name}), {graph.Heads().Count} head(s).");
            foreach (var conflict in found)
            {
                await output.WriteLineAsync($"  conflict {conflict.Kind}: {conflict.Message}");
            }

            await output.WriteLineAsync(found.Count == 0 ? "No conflicts." : $"{found.Count} conflict(s).");
            return found.Count == 0 ? ExitCodes.Success : ExitCodes.ValidationFailed;
        });
    }

    public static Task<int> VerifyAsync(MigrationToolOptions chain, string consolidated, string? server, IReadOnlyCollection<string> ignore, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(output, server, async () =>
        {
            var report = await new MigrationVerifier(server!).VerifyAsync(chain.Create(), (chain with { Directory = consolidated, Ini = null }).Create(), ignore, cancellationToken);
            await WriteReportAsync(report, output);
            return report.Equal ? ExitCodes.Success : ExitCodes.ValidationFailed;
        });

    public static Task<int> ConsolidateAsync(MigrationToolOptions chain, string outputDirectory, int? parts, string? server, IReadOnlyCollection<string> ignore, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(output, server, async () =>
        {
            var baselineOptions = chain with { Directory = outputDirectory, Ini = null };
            var consolidator = new MigrationConsolidator(server!, new PostgresTools());
            var result = await consolidator.ConsolidateAsync(chain.Create(), baselineOptions, parts, ignore, cancellationToken);
            foreach (var (part, (file, revision)) in result.Parts.Zip(result.Files))
            {
                await output.WriteLineAsync($"wrote {file} ({revision}: {part.Label}, {part.Objects} object(s))");
            }

            await output.WriteLineAsync($"mapping for databases already at a revision of the chain (also in {Path.Combine(outputDirectory, "MAPPING.md")}):");
            foreach (var (old, action) in result.Mapping.Take(3))
            {
                await output.WriteLineAsync($"  {old}: {action}");
            }

            if (result.Mapping.Count > 3)
            {
                await output.WriteLineAsync($"  ... and the same for the other {result.Mapping.Count - 3} revision(s)");
            }

            await WriteReportAsync(result.Proof, output);
            if (!result.Proof.Equal)
            {
                return ExitCodes.ValidationFailed;
            }

            // The mapping, followed on a database halfway along the chain, must reach the baseline's schema.
            var order = (await chain.Create().GraphAsync(cancellationToken)).ApplyOrder() ?? [];
            if (order.Count > 1)
            {
                var middle = order[order.Count / 2].Revision;
                var differences = await consolidator.ProveMappingAsync(chain.Create(), baselineOptions.Create(), middle, ignore, cancellationToken);
                await output.WriteLineAsync(differences.Count == 0
                    ? $"Mapping proven: a database at {middle} followed it and has the baseline's schema."
                    : $"MAPPING WRONG from {middle}: {string.Join("; ", differences.Take(5))}");
                return differences.Count == 0 ? ExitCodes.Success : ExitCodes.ValidationFailed;
            }

            return ExitCodes.Success;
        });

    private static async Task WriteReportAsync(VerificationReport report, TextWriter output)
    {
        await output.WriteLineAsync($"chain: {report.ChainMigrations} migration(s), fingerprint {report.ChainFingerprint}; consolidated: {report.ConsolidatedMigrations} migration(s), fingerprint {report.ConsolidatedFingerprint}; {report.Facts} catalog facts compared.");
        foreach (var difference in report.Differences)
        {
            await output.WriteLineAsync(difference.ToString());
        }

        foreach (var fact in report.Reparsed)
        {
            await output.WriteLineAsync($"= {fact}: equal as PostgreSQL prints it after a dump and restore of the chain's schema");
        }

        await output.WriteLineAsync(report.Equal ? "Equal: the consolidated set builds exactly the chain's schema." : $"DIFFERENT: {report.Differences.Count} difference(s).");
    }

    private static async Task<int> RunAsync(TextWriter output, string? server, Func<Task<int>> action)
    {
        if (server is null)
        {
            await output.WriteLineAsync($"error: give a PostgreSQL server with --connection or ${ConnectionVariable} (scratch databases are created there).");
            return ExitCodes.UsageError;
        }

        try
        {
            return await action();
        }
        catch (Exception exception) when (exception is MigrationApplyException or DirectoryNotFoundException or PostgresToolException or ArgumentException)
        {
            await output.WriteLineAsync($"error: {exception.Message}");
            return ExitCodes.ValidationFailed;
        }
        catch (NpgsqlException exception)
        {
            await output.WriteLineAsync($"error: could not use the server: {exception.Message}");
            return ExitCodes.Unreachable;
        }
    }

    private static MigrationToolOptions Options(ParseResult r, string directory) => new()
    {
        Tool = r.GetValue(Tool)!,
        Directory = directory,
        Python = r.GetValue(Python)!,
        Ini = r.GetValue(Ini),
        Url = r.GetValue(Url)!,
        Output = r.GetValue(Verbose) ? line => Console.Out.WriteLine($"  | {line}") : null,
    };

    private static string? Server(ParseResult r) => r.GetValue(Connection) ?? Environment.GetEnvironmentVariable(ConnectionVariable);

    private static string[] Ignored(ParseResult r) => (r.GetValue(Ignore) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
