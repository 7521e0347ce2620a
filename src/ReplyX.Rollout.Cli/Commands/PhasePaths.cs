using ReplyX.Rollout.Core.Risks;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary>Where the phases folder is when the user names none: <c>phases/</c> here or in a parent folder.</summary>
internal static class PhasePaths
{
    public static string DefaultPhasesDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "phases");
            if (File.Exists(Path.Combine(candidate, RiskRegister.FileName)))
            {
                return Path.GetRelativePath(start, candidate);
            }
        }

        return "phases";
    }
}
