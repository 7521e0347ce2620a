using System.CommandLine;
using Npgsql;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary>
/// <c>replyx-rollout drift --from &lt;staging&gt; --to &lt;production&gt;</c> (R013): server version, plan settings,
/// schema (catalog fingerprint, extensions included) and table volumes of two environments, read only. Exit 1 when
/// the schemas differ: a phase rehearsed on another schema proves nothing about this one.
/// </summary>
public static class DriftCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Connection string of the environment a phase was rehearsed on (staging).", Required = true };
        var to = new Option<string>("--to") { Description = "Connection string of the environment it will run on (production).", Required = true };
        var command = new Command("drift", "Compare two environments (version, plan settings, schema, volumes); exit 1 on any schema difference.") { from, to };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(from)!, result.GetValue(to)!, Console.Out, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string from, string to, TextWriter output, CancellationToken cancellationToken)
    {
        DriftReport report;
        try
        {
            report = DriftReport.Compare(await EnvironmentProfile.ReadAsync(from, cancellationToken), await EnvironmentProfile.ReadAsync(to, cancellationToken));
        }
        catch (Exception exception) when (exception is NpgsqlException or ArgumentException)
        {
            await output.WriteLineAsync($"error: could not read both environments: {exception.Message}");
            return ExitCodes.Unreachable;
        }

        var (left, right) = (Name(from), Name(to));
        if (report.Identical)
        {
            await output.WriteLineAsync($"no drift: {left} and {right} have the same server version, plan settings, schema and table volumes (within {DriftReport.VolumeFactor}x).");
            return ExitCodes.Success;
        }

        foreach (var line in report.Lines(left, right))
        {
            await output.WriteLineAsync(line);
        }

        await output.WriteLineAsync(report.SchemaDiffers
            ? $"{report.Schema.Count} schema difference(s): {right} is not the schema {left} was rehearsed on."
            : "schemas are identical; the differences above change plans, not correctness.");
        return report.SchemaDiffers ? ExitCodes.ValidationFailed : ExitCodes.Success;
    }

    /// <summary>How an environment is named in the output: its host and database, never its password.</summary>
    private static string Name(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) is var b ? $"{b.Host}:{b.Port}/{b.Database}" : "?";
}
