using System.CommandLine;
using Npgsql;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary>
/// <c>replyx-rollout plan &lt;phase&gt; [--connection CS]</c>: the steps, rollbacks, lint, ramp timeline and
/// guardrails in words; with a connection, read-only facts about the target database.
/// </summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var phase = new Argument<string>("phase") { Description = "Phase id (e.g. foundation) or file." };
        var phases = new Option<string?>("--phases") { Description = "Phases folder (default: phases/)." };
        var connection = new Option<string?>("--connection") { Description = "Read the target database (never changes it)." };
        var command = new Command("plan", "Show what a phase will do, without doing it.") { phase, phases, connection };
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(phase)!, result.GetValue(phases), result.GetValue(connection), Console.Out, TimeProvider.System, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string phaseRef, string? phasesDir, string? connectionString, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        phasesDir ??= PhasePaths.DefaultPhasesDirectory(Directory.GetCurrentDirectory());
        var inputs = File.Exists(phaseRef) ? new[] { phaseRef } : [phasesDir];
        var set = PhaseLoader.Load(inputs);
        var phase = set.Find(phaseRef);
        if (phase is null)
        {
            output.WriteLine($"error: no phase '{phaseRef}' in {phasesDir}; known: {string.Join(", ", set.Phases.Select(p => p.Id))}.");
            return ExitCodes.UsageError;
        }

        var plan = PhasePlanner.Build(phase, set.Risks);
        PlanRenderer.Write(plan, set.Diagnostics.Where(d => d.File == phase.SourceFile).ToList(), time.GetUtcNow(), output);
        if (connectionString is null)
        {
            return set.Diagnostics.Any(d => d.IsError && d.File == phase.SourceFile) ? ExitCodes.ValidationFailed : ExitCodes.Success;
        }

        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var inspector = new TargetDatabaseInspector(dataSource);
            PlanRenderer.WriteDatabase(
                plan,
                await inspector.TablesAsync(plan.TouchedTables, cancellationToken),
                await inspector.ObjectsAsync(plan.CreatedObjects, cancellationToken),
                await inspector.OldTransactionsAsync(phase.Preflight.MaxTransactionAge, cancellationToken),
                output);
        }
        catch (Exception exception) when (exception is NpgsqlException or ArgumentException)
        {
            output.WriteLine($"error: could not read the target database: {exception.Message}");
            return ExitCodes.Unreachable;
        }

        return set.Diagnostics.Any(d => d.IsError && d.File == phase.SourceFile) ? ExitCodes.ValidationFailed : ExitCodes.Success;
    }
}
