using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Gates;

/// <summary>
/// The gate registry, one table: what each gate type is called, guards, accepts and when it runs. The parser, the
/// planner and the controller's runner all read it (a test checks the runner and the JSON schema cover it).
/// </summary>
public static class GateCatalog
{
    public const string VectorRecall = "vectorRecall";
    public const string MigrationsVerify = "migrationsVerify";
    public const string MigrationsConflicts = "migrationsConflicts";
    public const string Capacity = "capacity";

    public static IReadOnlyList<GateKind> Kinds { get; } =
    [
        // Recall is re-measured at every stage: the data under the index keeps changing while users arrive.
        new(VectorRecall, "R006", ["search", "table", "k", "probes", "minRecall", "queries", "maxP95"], [GateMoment.BeforeTraffic, GateMoment.EachStage], s => VectorRecallOptions.Read(s)),
        new(MigrationsVerify, "R004", ["chain", "consolidated", "ignore", .. MigrationToolSettings.Keys], [GateMoment.BeforeChanges], s => MigrationsVerifyOptions.Read(s)),
        new(MigrationsConflicts, "R004", ["dir", .. MigrationToolSettings.Keys], [GateMoment.BeforeChanges], s => MigrationsConflictsOptions.Read(s)),
        new(Capacity, "R007", ["users", "rate", "warmup", "duration", "mix", "maxP95", "maxErrorRate", "maxPendingRequests"], [GateMoment.BeforeTraffic], s => CapacityOptions.Read(s)),
    ];

    public static GateKind? Find(string type) => Kinds.FirstOrDefault(k => k.Type == type);

    public static bool RunsAt(GateSpec gate, GateMoment moment) => Find(gate.Type)?.Moments.Contains(moment) == true;

    /// <summary>Every problem with the gate's settings, in words; empty when the gate can run.</summary>
    public static IReadOnlyList<string> Validate(GateSpec gate)
    {
        var settings = new GateSettings(gate);
        Find(gate.Type)?.Read(settings);
        return settings.Errors;
    }
}
