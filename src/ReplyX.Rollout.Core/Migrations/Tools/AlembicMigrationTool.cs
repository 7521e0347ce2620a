using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace ReplyX.Rollout.Core.Migrations.Tools;

/// <summary>
/// Real Alembic, as a subprocess: <c>python -m alembic -c ini upgrade|stamp</c> and Alembic's own
/// <c>ScriptDirectory</c> for the graph, so every operation Alembic knows (op.create_table, op.add_column,
/// batch_alter_table, ...) applies exactly as it would in the project. Each command's output lines go to
/// <see cref="MigrationToolOptions.Output"/>; a failure is reported as what went wrong where: the tool missing, an
/// import error in a revision file, or the revision and SQL statement PostgreSQL refused.
/// </summary>
public sealed partial class AlembicMigrationTool(MigrationToolOptions options) : IMigrationTool
{
    [GeneratedRegex(@"Running (?:upgrade|stamp_revision) (?<from>[^\s]*) -> (?<to>\w+)")]
    private static partial Regex RunningRevision();

    [GeneratedRegex(@"^\s*File ""(?<file>[^""]+\.py)"", line (?<line>\d+)")]
    private static partial Regex TracebackFrame();

    [GeneratedRegex(@"^\[SQL: (?<sql>.*)")]
    private static partial Regex FailedSql();

    public string Name => MigrationToolOptions.Alembic;

    public string Location => options.Ini ?? options.Directory;

    public IReadOnlyCollection<string> OwnTables => ["alembic_version"];

    public async Task<MigrationSet> GraphAsync(CancellationToken cancellationToken)
    {
        using var environment = AlembicEnvironment.Create(options);
        var result = await RunAsync("alembic history", environment, [environment.GraphScript, environment.Ini], null, cancellationToken);
        var line = result.Output.LastOrDefault(l => l.StartsWith("REPLYX-GRAPH ", StringComparison.Ordinal))
            ?? throw new MigrationApplyException($"alembic printed no revision graph for {Location}: {Tail(result.Output)}");
        using var graph = JsonDocument.Parse(line["REPLYX-GRAPH ".Length..]);
        var migrations = graph.RootElement.GetProperty("revisions").EnumerateArray()
            .Select(r => new Migration(r.GetProperty("revision").GetString()!, [.. r.GetProperty("down").EnumerateArray().Select(d => d.GetString()!)],
                Path.GetFileName(r.GetProperty("path").GetString()!), "") { Description = r.GetProperty("doc").GetString() })
            .Reverse()
            .ToList();
        return MigrationSet.FromGraph(options.Directory, migrations);
    }

    public async Task UpgradeAsync(string connectionString, string target, CancellationToken cancellationToken)
    {
        using var environment = AlembicEnvironment.Create(options);
        await RunAsync($"alembic upgrade {target}", environment, ["-m", "alembic", "-c", environment.Ini, .. UrlArguments(), "upgrade", target], connectionString, cancellationToken);
    }

    public async Task StampAsync(string connectionString, string revision, CancellationToken cancellationToken)
    {
        using var environment = AlembicEnvironment.Create(options);
        await RunAsync($"alembic stamp {revision}", environment, ["-m", "alembic", "-c", environment.Ini, .. UrlArguments(), "stamp", "--purge", revision], connectionString, cancellationToken);
    }

    private string[] UrlArguments() => options.Url == "x-arg" ? ["-x", $"url={AlembicEnvironment.Url}"] : [];

    private async Task<ToolProcess.Result> RunAsync(string what, AlembicEnvironment environment, IReadOnlyList<string> arguments, string? connectionString, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1", ["PYTHONUNBUFFERED"] = "1" };
        if (connectionString is not null)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            variables["PGHOST"] = builder.Host ?? "localhost";
            variables["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            variables["PGUSER"] = builder.Username ?? "postgres";
            variables["PGDATABASE"] = builder.Database ?? "postgres";
            variables["PGAPPNAME"] = "replyx-rollout-migrations";
            if (!string.IsNullOrEmpty(builder.Password))
            {
                variables["PGPASSWORD"] = builder.Password;
            }

            variables[AlembicEnvironment.UrlVariable] = AlembicEnvironment.Url;
            if (options.Url.StartsWith("env:", StringComparison.Ordinal))
            {
                variables[options.Url["env:".Length..]] = AlembicEnvironment.Url;
            }
        }

        var result = await ToolProcess.RunAsync(what, options.Python, arguments, variables, environment.WorkingDirectory, options.Timeout, options.Output, cancellationToken);
        return result.ExitCode == 0 ? result : throw new MigrationApplyException($"{what} failed: {Explain(result.Output)}");
    }

    /// <summary>The failure in the words a release engineer needs: what is missing, which file, which revision and statement.</summary>
    private string Explain(IReadOnlyList<string> output)
    {
        var text = string.Join('\n', output);
        if (text.Contains("No module named alembic", StringComparison.Ordinal) || text.Contains("No module named 'alembic'", StringComparison.Ordinal))
        {
            return $"{options.Python} cannot import alembic: install python3-alembic (Debian) or point python: at a virtualenv that has it.";
        }

        if (text.Contains("No module named 'psycopg2'", StringComparison.Ordinal))
        {
            return $"{options.Python} cannot import psycopg2: install python3-psycopg2 (Debian) or add it to the virtualenv.";
        }

        var error = output.LastOrDefault(l => l.Length > 0 && !char.IsWhiteSpace(l[0]) && !l.StartsWith('[') && !l.StartsWith("Traceback", StringComparison.Ordinal) && !l.StartsWith("(Background", StringComparison.Ordinal)) ?? Tail(output);
        var versions = Path.GetFullPath(options.Directory);
        var frame = output.Select(l => TracebackFrame().Match(l)).LastOrDefault(m => m.Success && Path.GetFullPath(m.Groups["file"].Value).StartsWith(versions, StringComparison.Ordinal));
        var sql = output.Select(l => FailedSql().Match(l)).LastOrDefault(m => m.Success)?.Groups["sql"].Value.TrimEnd(']');
        var running = output.Select(l => RunningRevision().Match(l)).LastOrDefault(m => m.Success)?.Groups["to"].Value;
        if (sql is not null)
        {
            return $"revision {running ?? "?"}{(frame is null ? "" : $" ({Path.GetFileName(frame.Groups["file"].Value)})")}: {error}; SQL: {sql}";
        }

        return frame is not null
            ? $"{(running is null ? "loading" : $"revision {running}:")} {Path.GetFileName(frame.Groups["file"].Value)}, line {frame.Groups["line"].Value}: {error}"
            : error;
    }

    private static string Tail(IReadOnlyList<string> output) => string.Join(" | ", output.TakeLast(5));
}
