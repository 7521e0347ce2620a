using System.Diagnostics;
using System.Globalization;

namespace ReplyX.Api.Flags;

/// <summary>
/// A rehearsal fault on treatment paths only: <c>X-ReplyX-Drill: latency=50%</c> slows a treatment request by half
/// its own duration, <c>latency=200ms</c> by a fixed 200 ms (the same slowdown on every host, whatever the
/// treatment's own speed), <c>errors=10%</c> fails that share of them; parts combine with commas. Honored only when
/// <c>ReplyX:Drills:Enabled</c> is true, applied by <see cref="DrillFilter"/> to every request that took a phase
/// flag's treatment, and marked on the request's span.
/// </summary>
public sealed record Drill(double ExtraLatency, TimeSpan FixedLatency, double ErrorRate)
{
    public const string Header = "X-ReplyX-Drill";

    public static Drill? From(HttpContext http, IConfiguration configuration)
    {
        if (!configuration.GetValue("ReplyX:Drills:Enabled", false) || http.Request.Headers[Header].ToString() is not { Length: > 0 } header)
        {
            return null;
        }

        double latency = 0, errors = 0;
        var fixedLatency = TimeSpan.Zero;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2)
            {
                continue;
            }

            if (pair[1].EndsWith("ms", StringComparison.Ordinal) && double.TryParse(pair[1][..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && pair[0] == "latency")
            {
                fixedLatency = TimeSpan.FromMilliseconds(Math.Max(0, ms));
            }
            else if (double.TryParse(pair[1].TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
            {
                if (pair[0] == "latency")
                {
                    latency = Math.Max(0, percent / 100);
                }
                else if (pair[0] == "errors")
                {
                    errors = Math.Clamp(percent / 100, 0, 1);
                }
            }
        }

        Activity.Current?.SetTag("replyx.drill", header);
        return new Drill(latency, fixedLatency, errors);
    }

    /// <summary>The slowdown for a request that has run for <paramref name="elapsed"/>.</summary>
    public TimeSpan DelayFor(TimeSpan elapsed) => (elapsed * ExtraLatency) + FixedLatency;
}
