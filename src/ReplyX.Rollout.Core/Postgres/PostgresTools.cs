using System.Diagnostics;
using Npgsql;
using ReplyX.Rollout.Primitives.Postgres;

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>Runs pg_dump and pg_restore with the connection in environment variables (never a password on a command line).</summary>
public sealed class PostgresTools(string? binDirectory = null)
{
    public string BinDirectory { get; } = binDirectory ?? PostgresBinaries.Find("pg_dump") ?? "";

    public async Task RunAsync(string tool, IEnumerable<string> arguments, string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(BinDirectory.Length > 0 ? Path.Combine(BinDirectory, tool) : tool)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = builder.Host ?? "localhost";
        start.Environment["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = builder.Username ?? "postgres";
        start.Environment["PGDATABASE"] = builder.Database ?? "postgres";
        if (!string.IsNullOrEmpty(builder.Password))
        {
            start.Environment["PGPASSWORD"] = builder.Password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new PostgresToolException($"{tool} failed with exit code {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}".Trim());
        }
    }
}
