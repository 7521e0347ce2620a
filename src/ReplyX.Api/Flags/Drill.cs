using System.Diagnostics;
using System.Globalization;

namespace ReplyX.Api.Flags;

/// <summary>
/// A rehearsal fault on the treatment path only: <c>X-ReplyX-Drill: latency=50%</c> slows a treatment request by
/// half its own duration, <c>errors=10%</c> fails that share of them. Honored only when
/// <c>ReplyX:Drills:Enabled</c> is true, and marked on the request's span.
/// </summary>
public sealed record Drill(double ExtraLatency, double ErrorRate)
{
    public const string Header = "X-ReplyX-Drill";

    public static Drill? From(HttpContext http, IConfiguration configuration)
    {
        if (!configuration.GetValue("ReplyX:Drills:Enabled", false) || http.Request.Headers[Header].ToString() is not { Length: > 0 } header)
        {
            return null;
        }

        double latency = 0, errors = 0;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && double.TryParse(pair[1].TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
            {
                if (pair[0] == "latency")
                {
                    latency = percent / 100;
                }
                else if (pair[0] == "errors")
                {
                    errors = percent / 100;
                }
            }
        }

        Activity.Current?.SetTag("replyx.drill", header);
        return new Drill(latency, errors);
    }
}
