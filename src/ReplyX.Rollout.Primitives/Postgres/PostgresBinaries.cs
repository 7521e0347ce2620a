namespace ReplyX.Rollout.Primitives.Postgres;

/// <summary>
/// Where the PostgreSQL programs are (pg_dump, pg_restore, postgres, initdb): a configured folder, else
/// <c>REPLYX_PG_BIN</c>, else the newest version under Debian's /usr/lib/postgresql that has the program.
/// </summary>
public static class PostgresBinaries
{
    public const string DebianRoot = "/usr/lib/postgresql";

    public static string? Find(string program, string? configured = null)
    {
        configured = string.IsNullOrEmpty(configured) ? Environment.GetEnvironmentVariable("REPLYX_PG_BIN") : configured;
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, program)) ? configured : null;
        }

        return !Directory.Exists(DebianRoot)
            ? null
            : Directory.GetDirectories(DebianRoot)
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, program)))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var version) ? version : 0)
                .FirstOrDefault();
    }
}
