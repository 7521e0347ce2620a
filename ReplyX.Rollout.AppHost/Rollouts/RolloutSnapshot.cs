using System.Collections.Immutable;
using System.Text.Json;

namespace ReplyX.Rollout.AppHost.Rollouts;

/// <summary>How the controller's newest run reads on the dashboard: state text and style, report link, properties.</summary>
internal static class RolloutSnapshot
{
    public static CustomResourceSnapshot Waiting(CustomResourceSnapshot snapshot, string text) =>
        snapshot with { State = new ResourceStateSnapshot(text, KnownResourceStateStyles.Info) };

    public static CustomResourceSnapshot NoRuns(CustomResourceSnapshot snapshot, Uri controller) => snapshot with
    {
        State = new ResourceStateSnapshot("No runs yet", KnownResourceStateStyles.Info),
        Urls = [new UrlSnapshot("runs", new Uri(controller, "/rollouts").ToString(), IsInternal: false)],
        Properties = [],
    };

    /// <summary>A run as the API's <c>GET /api/rollouts/{id}</c> returns it.</summary>
    public static CustomResourceSnapshot Of(CustomResourceSnapshot snapshot, JsonElement run, Uri controller)
    {
        var id = run.GetProperty("id").GetGuid();
        var state = run.GetProperty("state").GetString() ?? "";
        return snapshot with
        {
            State = new ResourceStateSnapshot(ForDashboard(run.GetProperty("headline").GetString() ?? state), StyleOf(state)),
            Urls =
            [
                new UrlSnapshot("report", new Uri(controller, $"/api/rollouts/{id}/report").ToString(), IsInternal: false),
                new UrlSnapshot("runs", new Uri(controller, "/rollouts").ToString(), IsInternal: false),
            ],
            Properties = ImmutableArray.Create(
                new ResourcePropertySnapshot("rollout.phase", run.GetProperty("phase").GetString()),
                new ResourcePropertySnapshot("rollout.run", id.ToString()),
                new ResourcePropertySnapshot("rollout.flag", run.GetProperty("flag").GetString()),
                new ResourcePropertySnapshot("rollout.percentage", run.GetProperty("percentage").GetInt32()),
                new ResourcePropertySnapshot("rollout.reason", run.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null)),
        };
    }

    /// <summary>
    /// The dashboard humanizes state text (Humanizer keeps letters and digits only: "Ramping 25%" shows as "Ramping 25"),
    /// so the percent sign is written as a word: "Ramping 25 percent".
    /// </summary>
    public static string ForDashboard(string headline) => headline.Replace("%", " percent", StringComparison.Ordinal);

    private static string StyleOf(string state) => state switch
    {
        "Completed" => KnownResourceStateStyles.Success,
        "RolledBack" or "Failed" => KnownResourceStateStyles.Error,
        "Paused" or "RollingBack" => KnownResourceStateStyles.Warn,
        _ => KnownResourceStateStyles.Info,
    };
}
