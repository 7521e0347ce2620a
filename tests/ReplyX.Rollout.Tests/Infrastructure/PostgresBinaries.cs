namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>Finds the PostgreSQL server binaries (initdb, pg_ctl, pg_dump...) on this machine.</summary>
internal static class PostgresBinaries
{
    public static string? FindBinDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("REPLYX_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(Path.Combine(fromEnvironment, "initdb")))
        {
            return fromEnvironment;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        return Directory.GetDirectories(debianRoot)
            .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : 0))
            .Where(candidate => File.Exists(Path.Combine(candidate.Dir, "initdb")))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Dir)
            .FirstOrDefault();
    }
}
