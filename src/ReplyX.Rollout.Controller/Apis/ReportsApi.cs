using ReplyX.Rollout.Controller.Reports;
using ReplyX.Rollout.Controller.Rollouts;

namespace ReplyX.Rollout.Controller.Apis;

/// <summary>Pages people look at: a run's report (HTML, or Markdown with <c>?format=md</c>) and the list of runs.</summary>
internal static class ReportsApi
{
    public static void MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/rollouts/{id:guid}/report", GetReport).WithTags("Reports").WithName("GetRolloutReport")
            .WithSummary("The run's report: one self-contained HTML page (inline SVG, no script), or Markdown with ?format=md")
            .AddEndpointFilter<ReadTokenFilter>();
        app.MapGet("/rollouts", ListRuns).WithTags("Reports").WithName("RolloutsPage").WithSummary("Runs, newest first, each linking to its report")
            .AddEndpointFilter<ReadTokenFilter>();
    }

    public static async Task<IResult> GetReport(RunReportReader reports, Guid id, string? format, CancellationToken cancellationToken)
    {
        if (await reports.ReadAsync(id, cancellationToken) is not { } report)
        {
            return TypedResults.Problem(title: "Unknown rollout", detail: $"No rollout {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        return format switch
        {
            "md" or "markdown" => TypedResults.Text(MarkdownReport.Render(report), "text/markdown; charset=utf-8"),
            null or "" or "html" => TypedResults.Text(HtmlReport.Render(report), "text/html; charset=utf-8"),
            _ => TypedResults.Problem(title: "Unknown format", detail: $"format '{format}' is not html or md.", statusCode: StatusCodes.Status400BadRequest),
        };
    }

    public static async Task<IResult> ListRuns(RolloutStore store, CancellationToken cancellationToken) =>
        TypedResults.Text(RunListPage.Render(await store.ListAsync(activeOnly: false, limit: 200, cancellationToken)), "text/html; charset=utf-8");
}
