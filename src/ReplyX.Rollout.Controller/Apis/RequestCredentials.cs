using System.Security.Cryptography;
using System.Text;

namespace ReplyX.Rollout.Controller.Apis;

/// <summary>
/// The secret a request presents, in one place for every filter: <c>Authorization: Bearer &lt;secret&gt;</c>, or where
/// a filter allows it <c>X-API-Key</c> (what OFREP providers and OTLP exporters can send); compared in fixed time.
/// </summary>
internal static class RequestCredentials
{
    private const string Scheme = "Bearer ";

    /// <summary>The presented secret, empty when none.</summary>
    public static string Presented(HttpRequest request, bool allowApiKeyHeader = false)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? authorization[Scheme.Length..].Trim()
            : allowApiKeyHeader ? request.Headers["X-API-Key"].ToString()
            : "";
    }

    /// <summary>Whether <paramref name="presented"/> is one of the configured secrets (an unset one matches nothing).</summary>
    public static bool Matches(string presented, params string?[] secrets)
    {
        var sent = Encoding.UTF8.GetBytes(presented);
        return sent.Length > 0 && secrets.Any(s => s is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(sent, Encoding.UTF8.GetBytes(s)));
    }
}
