namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>Paths inside the repository, found from the test binaries.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Phases => Path.Combine(Root, "phases");

    public static string Examples => Path.Combine(Phases, "examples");

    public static string RiskRegister => Path.Combine(Phases, "risks.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReplyX.Rollout.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ReplyX.Rollout.sln not found above " + AppContext.BaseDirectory);
    }
}
