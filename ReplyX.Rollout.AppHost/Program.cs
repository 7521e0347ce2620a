using Aspire.Hosting.ApplicationModel;
using ReplyX.Rollout.AppHost;
using ReplyX.Rollout.AppHost.Postgres;
using ReplyX.Rollout.AppHost.Rollouts;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure
var postgres = builder.AddReplyXPostgres("postgres");
var workloadDb = postgres.AddDatabase("replyx");
var rolloutDb = postgres.AddDatabase("rollout");
var apiKey = builder.AddParameter("rollout-api-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
// What services send with their metrics and flag evaluations: not the key that changes rollouts.
var ingestToken = builder.AddParameter("rollout-ingest-token", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));

// Services
var seed = builder.AddProject<Projects.ReplyX_Api>("workload-seed", launchProfileName: null)
    .WithArgs("seed", "--if-empty", "--size", builder.Configuration["ReplyX:SeedSize"] ?? "200k")
    .WithArgs(builder.Configuration["ReplyX:SeedDocuments"] is { Length: > 0 } documents ? ["--documents", documents] : [])
    .WithReference(workloadDb).WaitFor(workloadDb);

var controller = builder.AddProject<Projects.ReplyX_Rollout_Controller>("controller")
    .WithReference(rolloutDb).WaitFor(rolloutDb)
    .WithReference(workloadDb).WaitForCompletion(seed)
    .WithEnvironment("Rollout__ApiKey", apiKey)
    .WithEnvironment("Rollout__IngestToken", ingestToken)
    .WithEnvironment("Rollout__PhasesDirectory", Path.Combine(repositoryRoot, "phases"))
    .WithEnvironment("Rollout__BackupsDirectory", Path.Combine(builder.AppHostDirectory, "backups"))
    .WithoutThreadPoolSpinning(builder.Configuration[ThreadPoolSpinExtensions.Setting])
    .WithHttpHealthCheck("/health")
    .WithRolloutCommands(apiKey, "foundation", "vector-optimization", "migration-consolidation", "monitoring-scaling")
    .WithSavedCredentials(apiKey, builder.Configuration[CredentialsExtensions.Setting])
    // Several replicas on one database: one leads (advisory lock, epoch), all serve the API and take metrics, which
    // they share through PostgreSQL; the endpoint spreads requests over them.
    .WithReplicas(Replicas("ReplyX:ControllerReplicas"));

// The workload reads its phase flags from the controller and exports request metrics to it (the guardrails' input).
var workload = builder.AddProject<Projects.ReplyX_Api>("workload")
    .WithReference(workloadDb).WaitForCompletion(seed)
    .WithReference(controller)
    .WithEnvironment("ReplyX__GuardrailMetrics__Endpoint", controller.GetEndpoint("http"))
    .WithEnvironment("ReplyX__GuardrailMetrics__Token", ingestToken)
    .WithEnvironment("ReplyX__Drills__Enabled", builder.Configuration["ReplyX:DrillsEnabled"] ?? "false")
    // The controller's gates reach the treatment path with X-ReplyX-Cohort; the workload is not exposed beyond this app.
    .WithEnvironment("ReplyX__Flags__AcceptCohortHeader", "true")
    .WithTraceSampling(builder.Configuration[TraceSamplingExtensions.Setting])
    .WithoutThreadPoolSpinning(builder.Configuration[ThreadPoolSpinExtensions.Setting])
    .WithHttpHealthCheck("/health")
    .WithReplicas(Replicas("ReplyX:WorkloadReplicas"));

var loadgen = builder.AddProject<Projects.ReplyX_LoadGen>("loadgen")
    .WithEnvironment("LoadGen__Rate", builder.Configuration["ReplyX:LoadRate"] ?? "20")
    // The seed creates one user per 100 messages (2,000 for the default 200k): simulated users must exist.
    .WithEnvironment("LoadGen__Users", builder.Configuration["ReplyX:LoadUsers"] ?? "2000")
    .WithEnvironment("LoadGen__Mix", builder.Configuration["ReplyX:LoadMix"] ?? "dialogs=20,messages=45,post=5,search=10,similar=20")
    .WithEnvironment("LoadGen__Drill", builder.Configuration["ReplyX:Drill"] ?? "")
    .WithReference(workload).WaitFor(workload)
    .WithTraceSampling(builder.Configuration[TraceSamplingExtensions.Setting])
    .WithoutThreadPoolSpinning(builder.Configuration[ThreadPoolSpinExtensions.Setting])
    .WithHttpHealthCheck("/health");

// The newest run as a resource of its own: its headline as state, its report as URL, pause/resume/approve/abort as commands.
builder.AddRolloutView("current-rollout", controller, apiKey);

// Capacity gates ask the load generator for bounded runs.
controller.WithEnvironment("Rollout__LoadGenerator", loadgen.GetEndpoint("http"));

// The release engineer's CLI, started from the dashboard: a live status of the latest run.
builder.AddProject<Projects.ReplyX_Rollout_Cli>("cli", launchProfileName: null)
    .WithArgs("status", "--watch")
    .WithEnvironment("REPLYX_ROLLOUT_URL", controller.GetEndpoint("http"))
    .WithEnvironment("REPLYX_ROLLOUT_API_KEY", apiKey)
    .WaitFor(controller)
    .WithExplicitStart();

builder.Build().Run();

int Replicas(string setting) => int.TryParse(builder.Configuration[setting], out var replicas) && replicas is >= 1 and <= 8
    ? replicas
    : builder.Configuration[setting] is null ? 1 : throw new ArgumentException($"{setting} must be a whole number from 1 to 8, not '{builder.Configuration[setting]}'.");
