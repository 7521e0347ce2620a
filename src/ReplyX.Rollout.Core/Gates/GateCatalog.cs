using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Gates;

/// <summary>What each gate type checks, when it runs, and whether its settings are valid.</summary>
public static class GateCatalog
{
    public const string VectorRecall = "vectorRecall";
    public const string MigrationsVerify = "migrationsVerify";
    public const string MigrationsConflicts = "migrationsConflicts";
    public const string Capacity = "capacity";

    public static bool RunsAt(GateSpec gate, GateMoment moment) => (gate.Type, moment) switch
    {
        (MigrationsVerify or MigrationsConflicts, GateMoment.BeforeChanges) => true,
        (VectorRecall or Capacity, GateMoment.BeforeTraffic) => true,
        // Recall is re-measured at every stage: the data under the index keeps changing while users arrive.
        (VectorRecall, GateMoment.EachStage) => true,
        _ => false,
    };

    /// <summary>Every problem with the gate's settings, in words; empty when the gate can run.</summary>
    public static IReadOnlyList<string> Validate(GateSpec gate)
    {
        var settings = new GateSettings(gate);
        _ = gate.Type switch
        {
            VectorRecall => (object)VectorRecallOptions.Read(settings),
            Capacity => CapacityOptions.Read(settings),
            MigrationsVerify => MigrationsVerifyOptions.Read(settings),
            MigrationsConflicts => MigrationsConflictsOptions.Read(settings),
            _ => settings,
        };
        return settings.Errors;
    }
}
