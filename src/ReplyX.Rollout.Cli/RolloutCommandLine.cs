using System.CommandLine;
using ReplyX.Rollout.Cli.Commands;

namespace ReplyX.Rollout.Cli;

/// <summary>The <c>replyx-rollout</c> command tree.</summary>
public static class RolloutCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("replyx-rollout: validate, plan and drive ReplyX database optimization phases safely.");
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(MigrationsCommand.Create());
        root.Subcommands.Add(DriftCommand.Create());
        root.Subcommands.Add(RisksCommand.Create());
        root.Subcommands.Add(ReviewCommand.Create());
        root.Subcommands.Add(LoginCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Options.Add(RolloutCommands.Controller);
        root.Options.Add(RolloutCommands.ApiKey);
        foreach (var command in RolloutCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
