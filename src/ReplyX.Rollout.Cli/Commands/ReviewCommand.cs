using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary>
/// <c>replyx-rollout review [--since 7d] [--until date]</c>: the post-phase review of the risk register's success
/// indicators over every run of the period (data safety, availability, performance, accuracy, process, risks fired).
/// </summary>
internal static class ReviewCommand
{
    public static Command Create()
    {
        var since = new Option<string>("--since") { Description = "Start of the period: a duration back (7d, 12h) or a date (2026-12-01)", DefaultValueFactory = _ => "7d" };
        var until = new Option<string?>("--until") { Description = "End of the period (default now)" };
        var command = new Command("review", "The post-phase review: data-safety incidents, lock-wait budget, worst regression and what caught it, accuracy, planned vs actual durations, risks fired.") { since, until };
        command.SetAction((r, ct) => RolloutCommands.RunAsync(r, async (client, output) =>
        {
            var query = $"?since={Uri.EscapeDataString(r.GetValue(since)!)}{(r.GetValue(until) is { } u ? $"&until={Uri.EscapeDataString(u)}" : "")}";
            var document = await client.GetJsonAsync("/api/review" + query, ct);
            await output.WriteAsync(Render(document));
            return ExitCodes.Success;
        }));
        return command;
    }

    public static string Render(JsonElement document)
    {
        var review = document.GetProperty("review");
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var outcomes = string.Join(", ", review.GetProperty("outcomes").EnumerateObject().Select(p => $"{p.Value.GetInt32()} {p.Name}"));
        o.WriteLine($"Review {review.GetProperty("since").GetDateTimeOffset():yyyy-MM-dd HH:mm} .. {review.GetProperty("until").GetDateTimeOffset():yyyy-MM-dd HH:mm} UTC: {review.GetProperty("runs").GetInt32()} run(s){(outcomes.Length > 0 ? $" ({outcomes})" : "")}{(document.GetProperty("truncated").GetBoolean() ? $", the newest {document.GetProperty("maxRuns").GetInt32()} read" : "")}");

        var incidents = review.GetProperty("dataSafety").EnumerateArray().ToList();
        o.WriteLine();
        o.WriteLine($"Data safety: {(incidents.Count == 0 ? "no incident" : $"{incidents.Count} incident(s)")}");
        foreach (var incident in incidents)
        {
            o.WriteLine($"  {Short(incident)} {incident.GetProperty("phase").GetString()}: {incident.GetProperty("what").GetString()}");
        }

        o.WriteLine();
        o.WriteLine("Availability (longest wait imposed on other sessions, against the phase's lockWaits budget):");
        foreach (var row in review.GetProperty("availability").EnumerateArray())
        {
            var budget = row.GetProperty("budgetSeconds");
            o.WriteLine($"  {Short(row)} {row.GetProperty("phase").GetString(),-24} {row.GetProperty("longestSeconds").GetDouble(),7:0.000} s, {row.GetProperty("sessionsBlocked").GetInt32()} session(s) blocked"
                + (budget.ValueKind == JsonValueKind.Number ? $", {row.GetProperty("budgetUsed").GetDouble() * 100:0}% of {budget.GetDouble():0.###} s" : ", no budget declared"));
        }

        o.WriteLine();
        var worst = review.GetProperty("performance");
        o.WriteLine(worst.ValueKind == JsonValueKind.Null
            ? "Performance: no look had both variants with enough requests to compare"
            : $"Performance: worst regression {worst.GetProperty("change").GetDouble():+0%;-0%} (treatment p95 {worst.GetProperty("treatmentP95Ms").GetDouble():0.0} ms vs control {worst.GetProperty("controlP95Ms").GetDouble():0.0} ms) at {worst.GetProperty("percentage").GetInt32()}% in {worst.GetProperty("phase").GetString()} {Short(worst)}; caught by {worst.GetProperty("caughtBy").GetString()}");

        var accuracy = review.GetProperty("accuracy");
        o.WriteLine();
        o.WriteLine($"Accuracy: lowest recall@10 {Number(accuracy.GetProperty("lowestRecall"), 100, "0.0'%'")}, highest vector search p95 {Number(accuracy.GetProperty("highestVectorP95Ms"), 1, "0.0' ms'")}");
        foreach (var notMet in accuracy.GetProperty("notMet").EnumerateArray())
        {
            o.WriteLine($"  not met {Short(notMet)}: {notMet.GetProperty("what").GetString()}");
        }

        o.WriteLine();
        o.WriteLine("Process (ramp planned vs actual; whole run):");
        foreach (var row in review.GetProperty("process").EnumerateArray())
        {
            var planned = TimeSpan.FromSeconds(row.GetProperty("plannedRampSeconds").GetDouble());
            var actual = row.GetProperty("actualRampSeconds");
            var total = row.GetProperty("totalSeconds");
            o.WriteLine($"  {Short(row)} {row.GetProperty("phase").GetString(),-24} {row.GetProperty("state").GetString(),-11} planned {Durations.Format(planned),-7} actual {(actual.ValueKind == JsonValueKind.Number ? Durations.Format(TimeSpan.FromSeconds(Math.Round(actual.GetDouble()))) : "-"),-8} run {(total.ValueKind == JsonValueKind.Number ? Durations.Format(TimeSpan.FromSeconds(Math.Round(total.GetDouble()))) : "running")}");
        }

        var risks = review.GetProperty("risks").EnumerateArray().ToList();
        o.WriteLine();
        o.WriteLine($"Risks fired: {(risks.Count == 0 ? "none" : string.Join(", ", risks.Select(r => $"{r.GetProperty("risk").GetString()} {r.GetProperty("duringRuns").GetInt32()} in runs + {r.GetProperty("byMonitor").GetInt32()} by the monitor")))}");
        return o.ToString();
    }

    private static string Short(JsonElement row) => row.GetProperty("run").GetString()![..8];

    private static string Number(JsonElement value, double scale, string format) =>
        value.ValueKind == JsonValueKind.Number ? (value.GetDouble() * scale).ToString(format, CultureInfo.InvariantCulture) : "not measured";
}
