using System.CommandLine;

namespace ReplyX.Rollout.Cli;

/// <summary>The <c>replyx-rollout</c> command tree.</summary>
public static class RolloutCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "replyx-rollout: validate, plan and drive ReplyX database optimization phases safely.");
        return root;
    }
}
