using System.Text.Json;

namespace ReplyX.Rollout.Controller.Flags;

/// <summary>
/// The evaluation context of an OFREP request: <c>context.targetingKey</c> (the user id the workload targets by) and
/// optionally <c>context.groups</c> (targeting groups, e.g. the capacity gate's cohort). Parsing says which OFREP
/// error a bad request is.
/// </summary>
public sealed record OfrepContext(string TargetingKey, IReadOnlyList<string> Groups)
{
    /// <summary>The context of a request body, or the OFREP error code and details that refuse it.</summary>
    public static (OfrepContext? Context, string? ErrorCode, string? ErrorDetails) Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException exception)
        {
            return (null, OfrepErrors.ParseError, $"the request body is not JSON: {exception.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.Object)
            {
                return (null, OfrepErrors.InvalidContext, "the request needs a 'context' object");
            }

            if (!context.TryGetProperty("targetingKey", out var key) || key.ValueKind != JsonValueKind.String || key.GetString() is not { Length: > 0 } targetingKey)
            {
                return (null, OfrepErrors.TargetingKeyMissing, "context.targetingKey (the user id phase flags target by) is missing or empty");
            }

            var groups = new List<string>();
            if (context.TryGetProperty("groups", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(g => g.ValueKind != JsonValueKind.String))
                {
                    return (null, OfrepErrors.InvalidContext, "context.groups must be an array of strings (targeting groups)");
                }

                groups.AddRange(list.EnumerateArray().Select(g => g.GetString()!));
            }

            return (new OfrepContext(targetingKey, groups), null, null);
        }
    }
}
