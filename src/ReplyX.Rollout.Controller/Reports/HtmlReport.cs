using System.Globalization;
using System.Text;
using System.Text.Json;
using ReplyX.Rollout.Core.Criteria;
using ReplyX.Rollout.Core.Phases;
using static System.Net.WebUtility;

namespace ReplyX.Rollout.Controller.Reports;

/// <summary>
/// A run's report as one self-contained page (server-rendered, inline CSS and SVG, no script, no external asset):
/// the verdict first, then the success criteria, the chart, the state timeline, the steps, the guardrails' last
/// verdicts, the backup, the alerts and the objects the run owned. Well-formed XHTML, so it parses as XML too.
/// </summary>
public static class HtmlReport
{
    private const string Style =
        """
        body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:980px;color:#212529;padding:0 16px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #dee2e6;padding-bottom:4px}
        .badge{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff}
        .Completed{background:#2b8a3e}.RolledBack{background:#e67700}.Failed{background:#c92a2a}.active{background:#1c7ed6}
        .muted{color:#868e96}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #f1f3f5;vertical-align:top}
        th{background:#f8f9fa;font-weight:600}.Met{color:#2b8a3e;font-weight:600}.NotMet{color:#c92a2a;font-weight:600}.NotMeasured{color:#868e96}
        .Passed{color:#2b8a3e}.Failed-verdict{color:#c92a2a;font-weight:600}.Inconclusive{color:#868e96}
        pre{background:#f8f9fa;padding:8px;white-space:pre-wrap;font-size:12px}.summary{font-size:15px;margin:8px 0 0}
        .chart .grid{stroke:#f1f3f5}.chart .axis{font-size:11px;fill:#868e96}.chart .stage{stroke:#495057;stroke-dasharray:4 3}
        .chart .stage-label{font-size:12px;font-weight:600;fill:#495057}.chart .marker{font-size:11px;font-weight:700}
        .legend span{margin-right:16px}.legend i{display:inline-block;width:18px;height:3px;vertical-align:middle;margin-right:6px}
        """;

    public static string Render(RunReport report)
    {
        var run = report.Run;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"/>");
        html.Append(CultureInfo.InvariantCulture, $"<title>{E(run.PhaseId)} - run {run.Id} - {run.State}</title><style>{Style}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>Phase {E(run.PhaseId)}{(report.Phase is { } p ? ": " + E(p.Title) : "")}</h1>");
        var badge = run.State.ToString() is "Completed" or "RolledBack" or "Failed" ? run.State.ToString() : "active";
        html.Append(CultureInfo.InvariantCulture, $"<div><span class=\"badge {badge}\" id=\"state\">{run.State}</span> <span class=\"muted\">run {run.Id} · flag {E(run.Flag)} · started {Time(run.CreatedAt)}{(run.FinishedAt is { } f ? $" · finished {Time(f)} ({Duration(f - run.CreatedAt)})" : "")}</span></div>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"summary\" id=\"summary\">{E(Summary(report))}</p>");

        Criteria(html, report.Criteria);
        html.Append("<h2>p95 per variant over the ramp</h2><div class=\"legend\">");
        foreach (var (variant, (color, label)) in ReportChart.Variants.Where(v => report.Looks.Any(l => l.Variant == v.Key)))
        {
            html.Append(CultureInfo.InvariantCulture, $"<span><i style=\"background:{color}\"></i>{label}</span>");
        }

        html.Append("<span class=\"muted\">dashed: a stage began · ✓ advanced · ● held · ✕ rolled back · ‖ paused</span></div>");
        html.Append(ReportChart.Render(report));

        html.Append("<h2>State timeline</h2><table id=\"timeline\"><tr><th>at</th><th>move</th><th>why</th></tr>");
        foreach (var e in report.Transitions)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-to=\"{E(e.ToState)}\"><td>{Time(e.At)}</td><td>{E(e.FromState ?? "-")} → {E(e.ToState)}</td><td>{E(e.Reason)}</td></tr>");
        }

        html.Append("</table>");
        Steps(html, report);
        Verdicts(html, report);
        Backup(html, report);
        html.Append("<h2>Alerts</h2>");
        var alerts = report.Alerts.ToList();
        html.Append(alerts.Count == 0 ? "<p class=\"muted\">No alert was raised during this run.</p>" : string.Concat(alerts.Select(a => $"<pre class=\"alert\">{E(a.Reason)}</pre>")));
        if (report.Objects.Count > 0)
        {
            html.Append("<h2>Objects the run named</h2><table id=\"objects\"><tr><th>object</th><th>what the run did</th><th>existed before</th><th>owned (a rollback may undo it)</th></tr>");
            foreach (var o in report.Objects)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(o.Object.ToString())}</td><td>{E(Controller.Steps.OwnershipLedger.ActionName(o.Action))}</td><td>{(o.ExistedBefore ? "yes" : "no")}</td><td>{(o.Owns ? "yes" : "no")}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">ReplyX.Rollout report, drawn from the controller's database.</p></body></html>");
        return html.ToString();
    }

    /// <summary>One sentence: how the run ended and what its criteria say.</summary>
    public static string Summary(RunReport report)
    {
        var met = report.Criteria.Count(c => c.Verdict == CriterionVerdict.Met);
        var criteria = report.Criteria.Count == 0 ? "" : $" Success criteria: {met} of {report.Criteria.Count} met"
            + (report.Criteria.Any(c => c.Verdict == CriterionVerdict.NotMet) ? $", {report.Criteria.Count(c => c.Verdict == CriterionVerdict.NotMet)} not met" : "")
            + (report.Criteria.Any(c => c.Verdict == CriterionVerdict.NotMeasured) ? $", {report.Criteria.Count(c => c.Verdict == CriterionVerdict.NotMeasured)} not measured" : "") + ".";
        var rollback = report.Events.LastOrDefault(e => e.Kind == "transition" && e.ToState == "RollingBack");
        return report.Run.State switch
        {
            Core.Rollouts.RolloutState.Completed => "Completed: every stage passed its guardrails." + criteria,
            Core.Rollouts.RolloutState.RolledBack => $"Rolled back: {rollback?.Reason ?? report.Run.Reason}." + criteria,
            Core.Rollouts.RolloutState.Failed => $"Failed: {report.Run.Reason}." + criteria,
            Core.Rollouts.RolloutState.Ramping when report.Run.Marks.CurrentHold(report.Run.StageIndex) is { } hold =>
                $"Ramping at {report.Run.Percentage}%: {hold.Text}{(hold.Eta is { } eta ? $" (about {Time(eta)})" : "")}." + criteria,
            _ => $"{report.Run.State} at {report.Run.Percentage}%: {report.Run.Reason}." + criteria,
        };
    }

    private static void Criteria(StringBuilder html, IReadOnlyList<CriterionResult> criteria)
    {
        html.Append("<h2>Success criteria</h2>");
        if (criteria.Count == 0)
        {
            html.Append("<p class=\"muted\">Not judged yet: criteria are recorded before contracting, at completion and at rollback.</p>");
            return;
        }

        html.Append("<table id=\"criteria\"><tr><th>criterion</th><th>measure</th><th>target</th><th>measured</th><th>verdict</th><th>why</th></tr>");
        foreach (var c in criteria)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-measure=\"{E(c.Measure)}\" data-verdict=\"{c.Verdict}\"><td>{E(c.Criterion)}{(c.Required ? " <span class=\"muted\">(required)</span>" : "")}</td><td>{E(c.Measure)}</td><td>{E(c.Target)}</td><td>{E(c.Measured ?? "-")}</td><td class=\"{c.Verdict}\">{Words(c.Verdict)}</td><td>{E(c.Reason)}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Steps(StringBuilder html, RunReport report)
    {
        html.Append("<h2>Steps</h2><table id=\"steps\"><tr><th>step</th><th>status</th><th>took</th><th>attempts</th><th>others waited on its locks</th><th>notes</th></tr>");
        foreach (var s in report.Steps)
        {
            using var detail = JsonDocument.Parse(s.DetailJson);
            var d = detail.RootElement;
            var wait = d.TryGetProperty("longestWaitImposedSeconds", out var w) ? $"{w.GetDouble():0.###} s ({d.GetProperty("sessionsBlocked").GetInt32()} session(s))" : "-";
            var notes = new List<string>();
            if (d.TryGetProperty("adopted", out var adopted) && adopted.GetBoolean())
            {
                notes.Add("adopted, not created");
            }

            if (d.TryGetProperty("skippedStatements", out var skipped) && skipped.GetArrayLength() > 0)
            {
                notes.Add($"{skipped.GetArrayLength()} statement(s) skipped");
            }

            if (d.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                notes.Add(error.GetString()!);
            }

            var took = s.StartedAt is { } start && s.FinishedAt is { } end ? Duration(end - start) : "-";
            html.Append(CultureInfo.InvariantCulture, $"<tr data-kind=\"{s.Kind}\"><td>{E(s.Kind)} {s.Ordinal}: {E(s.Name)}</td><td>{E(s.Status)}</td><td>{took}</td><td>{s.Attempts}</td><td>{wait}</td><td>{E(string.Join("; ", notes))}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Verdicts(StringBuilder html, RunReport report)
    {
        html.Append("<h2>Guardrails at the last look</h2>");
        if (report.Run.AnalysisJson is null)
        {
            html.Append("<p class=\"muted\">No guardrail verdict was recorded (the run never ramped, or ran without workload metrics).</p>");
            return;
        }

        html.Append("<table id=\"guardrails\"><tr><th>guardrail</th><th>verdict</th><th>readings</th></tr>");
        foreach (var v in JsonDocument.Parse(report.Run.AnalysisJson).RootElement.EnumerateArray())
        {
            var outcome = v.GetProperty("outcome").GetString()!;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(v.GetProperty("guardrail").GetString())} <span class=\"muted\">({E(v.GetProperty("risk").GetString())})</span></td><td class=\"{(outcome == "Failed" ? "Failed-verdict" : outcome)}\">{outcome}</td><td>{E(v.GetProperty("reason").GetString())}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Backup(StringBuilder html, RunReport report)
    {
        html.Append("<h2>Backup</h2>");
        if (report.Run.BackupJson is null)
        {
            var skipped = report.Phase?.Preflight.Backup == BackupPolicy.Skip ? "skipped by the phase: " + report.Phase.Preflight.BackupSkipReason : "no backup was taken (the run did not pass preflight)";
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(skipped)}</p>");
            return;
        }

        var b = JsonDocument.Parse(report.Run.BackupJson).RootElement;
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"backup\">{(b.GetProperty("verified").GetBoolean() ? "Verified" : "NOT verified")}: {b.GetProperty("bytes").GetInt64() / 1024.0 / 1024:0.0} MiB, dumped in {b.GetProperty("dumpSeconds").GetDouble():0.0} s, restored into a scratch database in {b.GetProperty("restoreSeconds").GetDouble():0.0} s (the level-3 recovery time).</p>");
        html.Append("<table><tr><th>table</th><th>rows in the snapshot</th><th>rows restored</th></tr>");
        foreach (var t in b.GetProperty("tables").EnumerateArray())
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(t.GetProperty("table").GetString())}</td><td>{t.GetProperty("source")}</td><td>{t.GetProperty("restored")}</td></tr>");
        }

        html.Append("</table>");
    }

    private static string Words(CriterionVerdict verdict) => verdict switch { CriterionVerdict.Met => "met", CriterionVerdict.NotMet => "not met", _ => "not measured" };

    internal static string E(string? text) => HtmlEncode(text ?? "");

    internal static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    internal static string Duration(TimeSpan span) => Durations.Format(TimeSpan.FromSeconds(Math.Max(0, Math.Round(span.TotalSeconds, span.TotalSeconds < 10 ? 1 : 0))));
}
