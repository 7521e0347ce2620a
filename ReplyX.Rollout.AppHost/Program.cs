using ReplyX.Rollout.AppHost.Postgres;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure
var postgres = builder.AddReplyXPostgres("postgres");
var workloadDb = postgres.AddDatabase("replyx");
var rolloutDb = postgres.AddDatabase("rollout");

// Services
var seed = builder.AddProject<Projects.ReplyX_Api>("workload-seed", launchProfileName: null)
    .WithArgs("seed", "--if-empty", "--size", builder.Configuration["ReplyX:SeedSize"] ?? "200k")
    .WithReference(workloadDb).WaitFor(workloadDb);

var controller = builder.AddProject<Projects.ReplyX_Rollout_Controller>("controller")
    .WithReference(rolloutDb).WaitFor(rolloutDb)
    .WithHttpHealthCheck("/health");

var workload = builder.AddProject<Projects.ReplyX_Api>("workload")
    .WithReference(workloadDb).WaitForCompletion(seed)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.ReplyX_LoadGen>("loadgen")
    .WithEnvironment("LoadGen__Rate", builder.Configuration["ReplyX:LoadRate"] ?? "20")
    .WithReference(workload).WaitFor(workload)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
