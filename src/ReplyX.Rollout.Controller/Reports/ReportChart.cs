using System.Globalization;
using System.Text;
using static System.Net.WebUtility;

namespace ReplyX.Rollout.Controller.Reports;

/// <summary>
/// The report's chart as inline SVG (no script, no external asset): p95 of the last 10 s per variant over the run's
/// ramp, one polyline each, a dashed line where each stage began (its percentage above it) and a marker at every
/// decision (advance, hold, rollback, pause). Elements carry data-* attributes with what they stand for, so the
/// chart's structure can be checked as well as looked at.
/// </summary>
internal static class ReportChart
{
    private const double Width = 920, Height = 320, Left = 64, Right = 16, Top = 28, Bottom = 40;

    public static readonly IReadOnlyDictionary<string, (string Color, string Label)> Variants = new Dictionary<string, (string, string)>
    {
        ["treatment"] = ("#d9480f", "treatment"),
        ["control"] = ("#1c7ed6", "control"),
        ["all"] = ("#868e96", "all traffic"),
    };

    public static string Render(RunReport report)
    {
        var looks = report.Looks.Where(l => l.P95Ms is not null).ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"p95 per variant over the ramp\">");
        if (looks.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"muted\">no guardrail look was kept for this run (it never ramped, or ran without workload metrics)</text></svg>");
            return svg.ToString();
        }

        var origin = report.Origin;
        var end = Math.Max(looks.Max(l => Seconds(l.At, origin)), report.Decisions.Select(d => Seconds(d.At, origin)).DefaultIfEmpty(0).Max());
        var span = Math.Max(end, 1);
        var top = Nice(looks.Max(l => l.P95Ms!.Value) * 1.1);
        double X(double seconds) => Left + (Math.Max(0, seconds) / span * (Width - Left - Right));
        double Y(double ms) => Top + ((1 - (ms / top)) * (Height - Top - Bottom));

        // Axes and grid.
        for (var i = 0; i <= 4; i++)
        {
            var ms = top * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(ms):F1}\" y2=\"{Y(ms):F1}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{Y(ms) + 4:F1}\" text-anchor=\"end\">{ms:0.#} ms</text>");
        }

        for (var i = 0; i <= 5; i++)
        {
            var seconds = span * i / 5;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{X(seconds):F1}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">+{Clock(seconds)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Width - Right}\" y=\"{Height - 6}\" text-anchor=\"end\">time since the first stage</text>");

        foreach (var (at, percentage) in report.StageStarts)
        {
            var x = X(Seconds(at, origin));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"stage\" data-stage=\"{percentage}\" data-at=\"{Seconds(at, origin):F1}\" x1=\"{x:F1}\" x2=\"{x:F1}\" y1=\"{Top}\" y2=\"{Height - Bottom}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"stage-label\" x=\"{x + 4:F1}\" y=\"{Top - 8}\">{percentage}%</text>");
        }

        foreach (var (variant, series) in looks.GroupBy(l => l.Variant).OrderBy(g => g.Key == "all" ? 0 : 1).Select(g => (g.Key, g.ToList())))
        {
            var (color, _) = Variants.GetValueOrDefault(variant, ("#000", variant));
            var points = string.Join(' ', series.Select(l => $"{X(Seconds(l.At, origin)).ToString("F1", CultureInfo.InvariantCulture)},{Y(l.P95Ms!.Value).ToString("F1", CultureInfo.InvariantCulture)}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" data-variant=\"{variant}\" data-points=\"{series.Count}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{points}\"/>");
        }

        foreach (var (at, kind, reason) in report.Decisions)
        {
            var x = X(Seconds(at, origin));
            var (symbol, color) = kind switch { "rollback" => ("✕", "#c92a2a"), "pause" => ("‖", "#e67700"), "hold" => ("●", "#868e96"), _ => ("✓", "#2b8a3e") };
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"decision\" data-kind=\"{kind}\" data-at=\"{Seconds(at, origin):F1}\"><title>{HtmlEncode(reason)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:F1}\" cy=\"{Height - Bottom}\" r=\"8\" fill=\"white\" stroke=\"{color}\" stroke-width=\"2\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F1}\" y=\"{Height - Bottom + 4}\" text-anchor=\"middle\" fill=\"{color}\" class=\"marker\">{symbol}</text></g>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    public static double Seconds(DateTimeOffset at, DateTimeOffset origin) => (at - origin).TotalSeconds;

    private static string Clock(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    /// <summary>A round upper bound for the axis: 1, 2 or 5 times a power of ten.</summary>
    private static double Nice(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(value, 0.001))));
        return new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(v => v >= value);
    }
}
