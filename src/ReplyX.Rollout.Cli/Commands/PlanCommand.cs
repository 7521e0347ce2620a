using System.CommandLine;
using Npgsql;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Ownership;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Postgres;

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
        var connection = new Option<string?>("--connection") { Description = "Read the target database (never changes it: definitions are compared in a transaction that is rolled back)." };
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
                await PreviewOwnershipAsync(phase, connectionString, cancellationToken),
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

    /// <summary>
    /// What each step would find under the names it uses, in order, as if the steps before it had run: an object an
    /// earlier step creates is that step's, not an existing one. Then which rollback statements would be skipped.
    /// </summary>
    private static async Task<IReadOnlyList<StepOwnershipPreview>> PreviewOwnershipAsync(PhaseDefinition phase, string connectionString, CancellationToken cancellationToken)
    {
        var probe = new ObjectProbe(connectionString);
        var ledger = new List<OwnedObject>();
        var previews = new List<StepOwnershipPreview>();
        foreach (var (step, ordinal) in phase.AllSteps.Select((s, i) => (s, i + 1)))
        {
            var statements = SqlStatement.Split(step.Sql);
            var found = await probe.InspectAsync(OwnershipRules.ToProbe(statements, ledger), cancellationToken);
            var kind = step.Kind == StepKind.Contract ? StepRequest.ContractKind : StepRequest.ExpandKind;
            var (plan, added) = OwnershipRules.PlanApply(statements, ledger, found, ordinal, kind);
            ledger.AddRange(added);
            previews.Add(new StepOwnershipPreview(ordinal, step, plan, null));
        }

        for (var i = 0; i < previews.Count; i++)
        {
            if (previews[i].Step.Rollback is { } rollback)
            {
                var statements = SqlStatement.Split(rollback);
                var unknown = OwnershipRules.UnknownInUndo(statements, ledger);
                var now = unknown.Count == 0 ? [] : (await probe.InspectAsync(unknown, cancellationToken)).References;
                previews[i] = previews[i] with { Undo = OwnershipRules.PlanUndo(statements, ledger, now) };
            }
        }

        return previews;
    }
}
