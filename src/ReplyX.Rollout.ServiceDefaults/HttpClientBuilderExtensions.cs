using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Opting one HTTP client out of what <see cref="Extensions.AddServiceDefaults"/> gives every client.</summary>
public static class HttpClientBuilderExtensions
{
    /// <summary>
    /// No standard resilience handler (retries, timeouts, circuit breaker, concurrency limit) on this client: for a
    /// client that measures the other side (a retried 500 would be counted a success) or whose requests must not be
    /// repeated (a retried POST that starts a run would start a second one).
    /// </summary>
    public static IHttpClientBuilder WithoutStandardResilience(this IHttpClientBuilder builder)
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked for evaluation; it is the only way to undo ConfigureHttpClientDefaults for one client.
        return builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
