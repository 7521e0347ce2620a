using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;

namespace ReplyX.Rollout.Controller.Alerts;

/// <summary>
/// Posts one message to the alert webhook, trying <see cref="ControllerOptions.AlertAttempts"/> times with a doubling
/// wait (from <see cref="ControllerOptions.AlertRetryDelay"/>) and a per-attempt timeout: a refusal, an unreachable
/// host and a webhook that hangs are all failed attempts. The outcome says how it went with the URL's secrets removed.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory httpClients, IOptions<ControllerOptions> options, TimeProvider time)
{
    public const string ClientName = "alerts";

    public async Task<WebhookOutcome> SendAsync(Uri webhook, object payload, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var delay = settings.AlertRetryDelay;
        var reason = "";
        for (var attempt = 1; attempt <= settings.AlertAttempts; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.AlertTimeout);
            try
            {
                using var client = httpClients.CreateClient(ClientName);
                using var response = await client.PostAsJsonAsync(webhook, payload, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return new WebhookOutcome(true, attempt, $"delivered to {Redaction.Url(webhook)} ({(int)response.StatusCode}) on attempt {attempt}");
                }

                reason = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                reason = $"no answer within {settings.AlertTimeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException exception)
            {
                reason = Redaction.Message(exception.Message, webhook);
            }

            if (attempt < settings.AlertAttempts)
            {
                await Task.Delay(delay, time, cancellationToken);
                delay *= 2;
            }
        }

        return new WebhookOutcome(false, settings.AlertAttempts, $"undelivered to {Redaction.Url(webhook)} after {settings.AlertAttempts} attempt(s): {reason}");
    }
}
