using System.ComponentModel.DataAnnotations;

namespace ReplyX.Rollout.Controller.Configuration;

/// <summary>The controller's settings (section <c>Rollout</c>).</summary>
public sealed class ControllerOptions
{
    public const string Section = "Rollout";

    /// <summary>Folder of phase files. <value>The default value is <c>phases</c> here or in a parent folder.</value></summary>
    public string? PhasesDirectory { get; set; }

    /// <summary>Where verified backups are kept. <value>The default value is <c>backups</c> under the content root.</value></summary>
    public string? BackupsDirectory { get; set; }

    /// <summary>Connection-string name of the database the phases change.</summary>
    [Required]
    public string TargetConnectionName { get; set; } = "replyx";

    /// <summary>
    /// Which environment the target is (<c>production</c>, <c>staging</c>), when the database does not say so itself
    /// (<c>replyx.environment</c>); a phase with <c>target.environment</c> starts only where they agree.
    /// </summary>
    public string? TargetEnvironment { get; set; }

    /// <summary>The database every phase of this controller is meant for, unless the phase names one (<c>target.database</c>).</summary>
    public string? TargetDatabase { get; set; }

    /// <summary>
    /// The connection-string name of the target's streaming standby; when that connection string exists, preflight
    /// checks the standby and recovery level 4 can promote it. <value>The default value is <c>standby</c>.</value>
    /// </summary>
    public string StandbyConnectionName { get; set; } = "standby";

    /// <summary>How far behind the standby may replay before preflight refuses (level 4 would lose that much). <value>The default value is 30 s.</value></summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxReplayLag { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Bearer token for mutating API calls; without one, every mutating call is refused.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The token services send with their metrics (<c>/v1/metrics</c>) and flag evaluations (<c>/ofrep/*</c>), as
    /// <c>Authorization: Bearer</c> or <c>X-API-Key</c>; distinct from <see cref="ApiKey"/>, which changes rollouts.
    /// Without one, both are open (a controller only the services can reach).
    /// </summary>
    public string? IngestToken { get; set; }

    /// <summary>
    /// When set, reading runs, reports, reviews, risks, phases and metrics needs it (or <see cref="ApiKey"/>) as
    /// <c>Authorization: Bearer</c>; without one, reads are open. The workload's flag feed stays open.
    /// </summary>
    public string? ReadToken { get; set; }

    /// <summary>How often the engine looks at active runs when nothing wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a follower tries to become leader.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan LeaderRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>First retry delay of a failed step.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan StepRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether ramp stages are judged by the latency, error and pool guardrails (metrics over OTLP). Off only for a
    /// controller without any workload (its own tests): then a stage advances on its bake alone, and says so.
    /// <value>The default value is true.</value>
    /// </summary>
    public bool GuardrailsEnabled { get; set; } = true;

    /// <summary>How much pre-phase traffic makes the baseline. <value>The default value is 60 s.</value></summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan BaselineWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long after a stage starts its evidence begins: flag propagation (poll 500 ms) plus the 1 s export leave
    /// requests of the previous percentage in the first moments. <value>The default value is 3 s.</value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan StageSettle { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a rollback waits after setting the flag to 0% before it undoes the first step: workloads poll the
    /// flag (every 500 ms) and finish requests already on the treatment path, which would fail on a dropped
    /// function or index (seen: three similarity searches failed with "function knowledge_ivf_search does not
    /// exist" 0.1 s after the flag went to 0%). <value>The default value is 3 s.</value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan FlagDrain { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long the first step waits for all traffic to return to its baseline p95 (+10%) after preflight (the
    /// backup's restore and the gates' scratch databases load the server); past it the steps run anyway, the
    /// event says so, and the baseline guardrail judges the stages. <value>The default value is 30 s.</value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SettleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Optional URL that receives every risk alert as JSON (<c>{ text, riskId, severity, ... }</c>).</summary>
    public Uri? AlertWebhook { get; set; }

    /// <summary>How many times a webhook message is tried before it is recorded as undelivered.</summary>
    [Range(1, 10)]
    public int AlertAttempts { get; set; } = 4;

    /// <summary>The wait after the first failed attempt, doubled after each further one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan AlertRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt may take: a webhook that hangs counts as a failed attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AlertTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Directory of pg_dump/pg_restore; default: the newest under /usr/lib/postgresql.</summary>
    public string? PgBinDirectory { get; set; }

    /// <summary>
    /// The load generator service that runs capacity gates (<c>POST /capacity-runs</c>). <value>The default value is
    /// <c>http://loadgen</c> (service discovery); a capacity gate fails when it cannot be reached.</value>
    /// </summary>
    public Uri LoadGenerator { get; set; } = new("http://loadgen");
}
