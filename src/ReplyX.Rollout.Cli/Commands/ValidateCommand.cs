using System.CommandLine;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary><c>replyx-rollout validate [paths…]</c>: every problem in every file, exit 1 on any error.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Arity = ArgumentArity.ZeroOrMore, Description = "Phase files or folders (default: phases/)." };
        var risks = new Option<string?>("--risks") { Description = "The risk register (default: risks.yaml beside the phases or in their parent)." };
        var command = new Command("validate", "Validate phase files: structure, references, and unsafe-DDL lint.") { paths, risks };
        command.SetAction(result => Run(result.GetValue(paths) ?? [], result.GetValue(risks), Console.Out));
        return command;
    }

    public static int Run(IReadOnlyList<string> paths, string? risks, TextWriter output)
    {
        var targets = paths.Count > 0 ? paths : [PhasePaths.DefaultPhasesDirectory(Directory.GetCurrentDirectory())];
        var set = PhaseLoader.Load(targets, risks);
        foreach (var diagnostic in set.Diagnostics)
        {
            output.WriteLine(diagnostic.ToString());
        }

        var errors = set.Diagnostics.Count(d => d.IsError);
        var warnings = set.Diagnostics.Count - errors;
        output.WriteLine(errors == 0
            ? $"{set.Phases.Count} phase(s) valid ({warnings} warning(s))."
            : $"{errors} error(s), {warnings} warning(s) in {set.Phases.Count} phase(s).");
        return errors == 0 ? ExitCodes.Success : ExitCodes.ValidationFailed;
    }
}
