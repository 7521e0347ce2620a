using ReplyX.Rollout.Core.Execution;

namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>The PostgreSQL server binaries the tests start clusters from: the directory the controller uses for pg_dump.</summary>
internal static class PostgresBinaries
{
    public static string? FindBinDirectory() =>
        PostgresTools.FindBinDirectory() is { } bin && File.Exists(Path.Combine(bin, "initdb")) ? bin : null;
}
