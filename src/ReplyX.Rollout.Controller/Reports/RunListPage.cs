using System.Globalization;
using System.Text;
using ReplyX.Rollout.Controller.Rollouts;

namespace ReplyX.Rollout.Controller.Reports;

/// <summary>The runs, newest first, each linking to its report: the page a team bookmarks.</summary>
public static class RunListPage
{
    public static string Render(IReadOnlyList<RolloutRun> runs)
    {
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"/><title>ReplyX.Rollout runs</title>");
        html.Append("<style>body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:980px;padding:0 16px}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #f1f3f5}th{background:#f8f9fa}.muted{color:#868e96}</style></head><body>");
        html.Append("<h1>Rollout runs</h1><table id=\"runs\"><tr><th>started</th><th>phase</th><th>state</th><th>traffic</th><th>why</th></tr>");
        foreach (var run in runs)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{HtmlReport.Time(run.CreatedAt)}</td><td><a href=\"/api/rollouts/{run.Id}/report\">{HtmlReport.E(run.PhaseId)}</a></td><td>{run.State}</td><td>{run.Percentage}%</td><td class=\"muted\">{HtmlReport.E(run.Reason)}</td></tr>");
        }

        html.Append("</table></body></html>");
        return html.ToString();
    }
}
