using System.Globalization;
using Npgsql;

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>
/// The database server's CPU utilisation from /proc, when the server runs on this host and its data directory is
/// readable: the postmaster's pid from <c>postmaster.pid</c>, then the CPU time of it and its children (every
/// backend) between two looks, over the host's cores. Anything else is unknown, never zero.
/// </summary>
public sealed class ServerCpu
{
    private const double TicksPerSecond = 100;
    private (long Ticks, long Timestamp)? _previous;

    /// <summary>The utilisation since the previous look (0..1), or null with why it cannot be known (yet).</summary>
    public async Task<(double? Utilisation, string? Unknown)> SampleAsync(NpgsqlConnection connection, TimeProvider time, CancellationToken cancellationToken)
    {
        string? dataDirectory;
        try
        {
            await using var command = new NpgsqlCommand("SELECT current_setting('data_directory')", connection);
            dataDirectory = await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        catch (PostgresException)
        {
            return (null, "the data directory is not readable to this role, so the server's processes cannot be found");
        }

        var pidFile = Path.Combine(dataDirectory ?? "", "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse((await File.ReadAllLinesAsync(pidFile, cancellationToken)).FirstOrDefault(), out var postmaster) || !Directory.Exists($"/proc/{postmaster}"))
        {
            return (null, "the database server does not run on this host (no postmaster.pid or /proc entry here)");
        }

        var ticks = Ticks(postmaster) + Directory.EnumerateDirectories("/proc").Select(d => Path.GetFileName(d))
            .Where(d => int.TryParse(d, out _)).Select(int.Parse).Where(pid => ParentOf(pid) == postmaster).Sum(Ticks);
        var now = time.GetTimestamp();
        var previous = _previous;
        _previous = (ticks, now);
        if (previous is not { } before || ticks < before.Ticks)
        {
            return (null, "the first look at the server's CPU; the next one measures it");
        }

        var seconds = time.GetElapsedTime(before.Timestamp, now).TotalSeconds;
        return seconds <= 0 ? (null, "no time passed since the last look") : (Math.Clamp((ticks - before.Ticks) / TicksPerSecond / seconds / Environment.ProcessorCount, 0, 1), null);
    }

    private static long Ticks(int pid) => Stat(pid) is { } fields ? long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture) : 0;

    private static int? ParentOf(int pid) => Stat(pid) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : null;

    /// <summary>The fields of /proc/pid/stat after the command name (which may hold spaces): state is [0], ppid [1], utime [11], stime [12].</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
