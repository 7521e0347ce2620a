using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using ReplyX.Rollout.Controller.Reports;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller.Reports;

/// <summary>What a run's report draws, checked on its structure (it is well-formed XHTML) and in a real headless browser.</summary>
public sealed class RunReportTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_page_has_a_row_per_criterion_one_series_per_variant_and_a_marker_where_each_stage_began()
    {
        var page = XDocument.Parse(HtmlReport.Render(ReportSample.Completed()));

        var rows = page.Descendants("tr").Where(r => r.Attribute("data-measure") is not null).ToList();
        Assert.Equal(["rowCounts", "lockWaits", "p95"], rows.Select(r => r.Attribute("data-measure")!.Value));
        Assert.All(rows, r => Assert.Equal("Met", r.Attribute("data-verdict")!.Value));
        Assert.Contains(rows[2].Elements("td"), td => td.Value == "-94%");

        var series = page.Descendants(Svg + "polyline").ToList();
        Assert.Equal(["all", "control", "treatment"], series.Select(s => s.Attribute("data-variant")!.Value).Order());
        Assert.All(series, s => Assert.Equal(89, int.Parse(s.Attribute("data-points")!.Value, CultureInfo.InvariantCulture)));

        // Time 0 is the first stage (60 s after creation): stages at 0, 120 and 240 s.
        var stages = page.Descendants(Svg + "line").Where(l => l.Attribute("data-stage") is not null)
            .Select(l => (int.Parse(l.Attribute("data-stage")!.Value, CultureInfo.InvariantCulture), double.Parse(l.Attribute("data-at")!.Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal([(5, 0.0), (25, 120.0), (100, 240.0)], stages);
        var decisions = page.Descendants(Svg + "g").Where(g => g.Attribute("data-kind") is not null).Select(g => (g.Attribute("data-kind")!.Value, g.Attribute("data-at")!.Value)).ToList();
        Assert.Equal([("advance", "120.0"), ("advance", "240.0"), ("advance", "360.0")], decisions);
        Assert.Equal("Completed", page.Descendants("span").Single(s => (string?)s.Attribute("id") == "state").Value);
        Assert.StartsWith("Completed: every stage passed its guardrails. Success criteria: 3 of 3 met.", page.Descendants("p").Single(p => (string?)p.Attribute("id") == "summary").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_markdown_report_carries_the_verdicts_and_each_stages_p95()
    {
        var markdown = MarkdownReport.Render(ReportSample.Completed());

        Assert.Contains("| 40%+ API performance improvement | p95 | -40% | -94% | met |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 5% | ", markdown, StringComparison.Ordinal);
        Assert.Contains("| 100% | ", markdown, StringComparison.Ordinal);
        Assert.Contains("Ramping -> Contracting: 100% baked for 2m", markdown, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_page_renders_in_headless_chromium_with_its_chart_and_tables()
    {
        Skip.IfNot(NodeClients.HasChromium, "Chromium is not installed (.ci/run installs Debian's chromium)");
        var file = Path.Combine(Path.GetTempPath(), $"replyx-report-{Guid.NewGuid():N}.html");
        var screenshot = Path.ChangeExtension(file, ".png");
        await File.WriteAllTextAsync(file, HtmlReport.Render(ReportSample.Completed()));
        try
        {
            var output = await NodeClients.RunAsync("render.mjs", ["file://" + file, screenshot, "svg.chart polyline", "#criteria tr[data-measure]", "svg.chart line[data-stage]"]);
            using var rendered = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
            var counts = rendered.RootElement.GetProperty("counts");

            Assert.Equal(3, counts.GetProperty("svg.chart polyline").GetInt32());
            Assert.Equal(3, counts.GetProperty("#criteria tr[data-measure]").GetInt32());
            Assert.Equal(3, counts.GetProperty("svg.chart line[data-stage]").GetInt32());
            Assert.Equal(920, rendered.RootElement.GetProperty("chart").GetProperty("width").GetDouble());
            Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is a real picture");
        }
        finally
        {
            File.Delete(file);
            if (Environment.GetEnvironmentVariable("REPLYX_KEEP_SCREENSHOT") is { Length: > 0 } keep)
            {
                File.Copy(screenshot, keep, overwrite: true);
            }

            File.Delete(screenshot);
        }
    }
}
