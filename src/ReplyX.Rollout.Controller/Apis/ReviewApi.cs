using ReplyX.Rollout.Controller.Reviews;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Controller.Apis;

/// <summary>The post-phase review: the risk register's success indicators over every run of a period.</summary>
internal static class ReviewApi
{
    public static void MapReviewApi(this RouteGroupBuilder api) =>
        api.MapGet("/review", GetReview).WithTags("Review").WithName("GetReview")
            .WithSummary("Data-safety incidents, lock-wait budget, worst regression and what caught it, accuracy, planned vs actual durations and risks fired, over the runs created since ?since= (a duration back such as 7d, or a date; default 7d) until ?until= (default now)");

    public static async Task<IResult> GetReview(ReviewReader reader, TimeProvider time, string? since, string? until, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!TryMoment(since ?? "7d", now, out var from))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["since"] = [$"since '{since}' is neither a duration back (7d, 12h) nor a date (2026-12-01 or ISO 8601)."] });
        }

        if (!TryMoment(until ?? "0s", now, out var to) || to <= from)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["until"] = [$"until '{until}' must be a duration back or a date after since ({from:O})."] });
        }

        var (review, truncated) = await reader.ReadAsync(from, to, cancellationToken);
        return TypedResults.Ok(new { review, truncated, maxRuns = ReviewReader.MaxRuns });
    }

    /// <summary>A moment given as a duration back from now (<c>7d</c>, <c>12h</c>) or as a date/time.</summary>
    private static bool TryMoment(string text, DateTimeOffset now, out DateTimeOffset moment)
    {
        if (Durations.TryParse(text, out var back) && back <= TimeSpan.FromDays(3650))
        {
            moment = now - back;
            return true;
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out moment);
    }
}
