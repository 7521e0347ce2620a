using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReplyX.LoadGen;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--target"] = "LoadGen:Target",
    ["--rate"] = "LoadGen:Rate",
    ["--users"] = "LoadGen:Users",
    ["--duration"] = "LoadGen:Duration",
    ["--mix"] = "LoadGen:Mix",
    ["--max-in-flight"] = "LoadGen:MaxInFlight",
    ["--report-interval"] = "LoadGen:ReportInterval",
    ["--seed"] = "LoadGen:Seed",
    ["--drill"] = "LoadGen:Drill",
});
builder.AddServiceDefaults();
builder.Services.AddOptions<LoadOptions>().BindConfiguration(LoadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<LatencyRecorder>();
builder.Services.AddSingleton<DrillSwitch>();
// A load generator measures what the workload does: nothing of the service defaults between a simulated user and its answer.
builder.Services.AddHttpClient<SimulatedUsers>((services, client) =>
    client.BaseAddress = new Uri(services.GetRequiredService<IOptions<LoadOptions>>().Value.Target))
    .WithoutStandardResilience();
builder.Services.AddSingleton<CapacityRuns>();
builder.Services.AddHostedService<LoadGenerator>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGet("/status", (LatencyRecorder recorder, DrillSwitch drill) => new { recorder.Dropped, drill = drill.Current, totals = recorder.Totals() });
app.MapPut("/drill", (DrillRequest request, DrillSwitch drill) =>
{
    drill.Current = request.Drill ?? "";
    return TypedResults.Ok(new { drill = drill.Current });
});
app.MapPost("/capacity-runs", Results<Accepted<CapacityRunStatus>, ValidationProblem> (CapacityRunRequest request, CapacityRuns runs) =>
{
    var errors = new Dictionary<string, string[]>();
    if (request.Users is < 1 or > 10_000_000) errors["users"] = ["users must be from 1 to 10,000,000."];
    if (request.Rate is <= 0 or > 100_000) errors["rate"] = ["rate must be above 0 and at most 100,000 requests per second."];
    if (request.DurationSeconds is <= 0 or > 3600) errors["durationSeconds"] = ["durationSeconds must be above 0 and at most 3600."];
    if (request.WarmupSeconds is < 0 or > 600) errors["warmupSeconds"] = ["warmupSeconds must be from 0 to 600."];
    if (errors.Count > 0)
    {
        return TypedResults.ValidationProblem(errors);
    }

    var status = runs.Start(request);
    return TypedResults.Accepted($"/capacity-runs/{status.Id}", status);
});
app.MapGet("/capacity-runs/{id:guid}", Results<Ok<CapacityRunStatus>, NotFound> (Guid id, CapacityRuns runs) =>
    runs.Status(id) is { } status ? TypedResults.Ok(status) : TypedResults.NotFound());
app.Run();
