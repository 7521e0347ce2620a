namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>What a test controller runs against: its state database, the target, the phases folder, fast timings.</summary>
internal sealed record ControllerSettings(string RolloutDb, string TargetDb, string PhasesDirectory, string BackupsDirectory, string? StandbyDb = null, string? StagingDb = null)
{
    public IEnumerable<(string Key, string Value)> AsConfiguration() =>
    [
        ("ConnectionStrings:rollout", RolloutDb),
        ("ConnectionStrings:replyx", TargetDb),
        ("Rollout:ApiKey", ControllerHost.ApiKey),
        ("Rollout:PhasesDirectory", PhasesDirectory),
        ("Rollout:BackupsDirectory", BackupsDirectory),
        ("Rollout:PollInterval", "00:00:00.100"),
        ("Rollout:LeaderRetryInterval", "00:00:00.250"),
        ("Rollout:StepRetryDelay", "00:00:00.200"),
        // A frozen leader is taken over after 2 s of silence; a deposed one notices within a quarter second.
        ("Rollout:Leadership:Heartbeat", "00:00:00.250"),
        ("Rollout:Leadership:Lease", "00:00:02"),
        // These tests run the controller without a workload: stages advance on their bake (the guardrails have their own tests).
        ("Rollout:GuardrailsEnabled", "false"),
        .. StandbyDb is null ? [] : new[] { ("ConnectionStrings:standby", StandbyDb) },
        .. StagingDb is null ? [] : new[] { ("ConnectionStrings:staging", StagingDb) },
    ];

    public static async Task<ControllerSettings> CreateAsync(PostgresServerFixture postgres, string owner, string? phasesDirectory = null, int messages = 4_000)
    {
        var target = await SeededWorkload.CreateAsync(postgres, owner + "_target", messages);
        var state = await postgres.CreateDatabaseAsync(owner + "_state");
        var backups = Path.Combine(Path.GetTempPath(), $"replyx-backups-{Guid.NewGuid():N}");
        return new ControllerSettings(state, target, phasesDirectory ?? RepositoryPaths.Phases, backups);
    }
}
