using System.Globalization;
using System.Text;
using ReplyX.Rollout.Core.Criteria;

namespace ReplyX.Rollout.Controller.Reports;

/// <summary>A run's report as Markdown, for a change record: the verdict, the criteria, each stage's p95 per variant, the timeline and the steps.</summary>
public static class MarkdownReport
{
    public static string Render(RunReport report)
    {
        var run = report.Run;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Phase {run.PhaseId}{(report.Phase is { } p ? $": {p.Title}" : "")} - {run.State}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run `{run.Id}`, flag `{run.Flag}`, started {HtmlReport.Time(run.CreatedAt)}{(run.FinishedAt is { } f ? $", finished {HtmlReport.Time(f)} ({HtmlReport.Duration(f - run.CreatedAt)})" : "")}.");
        md.AppendLine();
        md.AppendLine(HtmlReport.Summary(report));
        md.AppendLine();
        md.AppendLine("## Success criteria");
        md.AppendLine();
        md.AppendLine("| criterion | measure | target | measured | verdict | why |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var c in report.Criteria)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(c.Criterion)}{(c.Required ? " (required)" : "")} | {c.Measure} | {Cell(c.Target)} | {Cell(c.Measured ?? "-")} | {c.Verdict switch { CriterionVerdict.Met => "met", CriterionVerdict.NotMet => "**not met**", _ => "not measured" }} | {Cell(c.Reason)} |");
        }

        md.AppendLine();
        md.AppendLine("## p95 per stage (last look of each stage, ms)");
        md.AppendLine();
        md.AppendLine("| stage | treatment | control | all traffic |");
        md.AppendLine("|---|---|---|---|");
        foreach (var stage in report.Looks.GroupBy(l => (l.StageIndex, l.Percentage)).OrderBy(g => g.Key.StageIndex))
        {
            string Last(string variant) => stage.LastOrDefault(l => l.Variant == variant)?.P95Ms is { } ms ? ms.ToString("0.0", CultureInfo.InvariantCulture) : "-";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {stage.Key.Percentage}% | {Last("treatment")} | {Last("control")} | {Last("all")} |");
        }

        md.AppendLine();
        md.AppendLine("## Timeline");
        md.AppendLine();
        foreach (var e in report.Transitions)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {HtmlReport.Time(e.At)} {e.FromState ?? "-"} -> {e.ToState}: {e.Reason}");
        }

        md.AppendLine();
        md.AppendLine("## Steps");
        md.AppendLine();
        foreach (var s in report.Steps)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {s.Kind} {s.Ordinal} '{s.Name}': {s.Status} after {s.Attempts} attempt(s){(s.StartedAt is { } a && s.FinishedAt is { } b ? $" in {HtmlReport.Duration(b - a)}" : "")}");
        }

        foreach (var alert in report.Alerts)
        {
            md.AppendLine();
            md.AppendLine("```text");
            md.AppendLine(alert.Reason);
            md.AppendLine("```");
        }

        return md.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
