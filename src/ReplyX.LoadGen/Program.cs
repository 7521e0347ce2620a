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
builder.Services.AddHttpClient<SimulatedUsers>((services, client) =>
    client.BaseAddress = new Uri(services.GetRequiredService<IOptions<LoadOptions>>().Value.Target));
builder.Services.AddHostedService<LoadGenerator>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGet("/status", (LatencyRecorder recorder, DrillSwitch drill) => new { recorder.Dropped, drill = drill.Current, totals = recorder.Totals() });
app.MapPut("/drill", (DrillRequest request, DrillSwitch drill) =>
{
    drill.Current = request.Drill ?? "";
    return TypedResults.Ok(new { drill = drill.Current });
});
app.Run();
