using System.Globalization;
using System.Text.RegularExpressions;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>Durations as phase files write them: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>, <c>1h30m</c>.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^(?:(?<n>\d+(?:\.\d+)?)(?<u>ms|s|m|h|d))+$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)(?<u>ms|s|m|h|d)")]
    private static partial Regex Part();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text) || !Pattern().IsMatch(text.Trim()))
        {
            return false;
        }

        foreach (Match match in Part().Matches(text.Trim()))
        {
            var n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            duration += match.Groups["u"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
        }

        return true;
    }

    /// <summary>The shortest exact way to write a duration back: 90 s is <c>1m30s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var parts = new List<string>();
        if (duration.Days > 0)
        {
            parts.Add($"{duration.Days}d");
        }

        if (duration.Hours > 0)
        {
            parts.Add($"{duration.Hours}h");
        }

        if (duration.Minutes > 0)
        {
            parts.Add($"{duration.Minutes}m");
        }

        if (duration.Seconds > 0)
        {
            parts.Add($"{duration.Seconds}s");
        }

        if (duration.Milliseconds > 0)
        {
            parts.Add($"{duration.Milliseconds}ms");
        }

        return string.Concat(parts);
    }
}
