using Microsoft.AspNetCore.Http.HttpResults;

namespace ReplyX.Api.Apis;

/// <summary>The workload's 400s: one field, one sentence that says what to send instead.</summary>
internal static class RequestProblems
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static bool TryLimit(int? requested, int fallback, int max, out int limit, out ValidationProblem? problem)
    {
        limit = requested ?? fallback;
        problem = null;
        if (limit is < 1 || limit > max)
        {
            problem = Invalid("limit", $"limit must be between 1 and {max}; got {limit}.");
            return false;
        }

        return true;
    }
}
