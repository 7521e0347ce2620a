using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ReplyX.Rollout.AppHost.Rollouts;

/// <summary>
/// Keeps the rollout resource's snapshot on the controller's newest run: once the controller is healthy it reads
/// <c>GET /api/rollouts?limit=1</c> every <see cref="Interval"/> and publishes a new snapshot when the run or its
/// headline changed. A controller that does not answer leaves the last state with a note, never a guessed one.
/// </summary>
internal sealed class RolloutWatcher(RolloutResource resource, EndpointReference controller, IResourceBuilder<ParameterResource> apiKey, HttpClient http)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public async Task RunAsync(ResourceNotificationService notifications, ILogger logger, CancellationToken cancellationToken)
    {
        await notifications.PublishUpdateAsync(resource, s => RolloutSnapshot.Waiting(s, "Waiting for the controller"));
        await notifications.WaitForResourceHealthyAsync(controller.Resource.Name, cancellationToken);
        var baseUri = new Uri(controller.Url);
        string? shown = null;
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var run = await NewestRunAsync(baseUri, cancellationToken);
                var key = run is { } r ? $"{r.GetProperty("id").GetGuid()}|{r.GetProperty("headline").GetString()}|{r.GetProperty("reason")}" : "none";
                if (key != shown)
                {
                    resource.CurrentRun = run?.GetProperty("id").GetGuid();
                    await notifications.PublishUpdateAsync(resource, s => run is { } current ? RolloutSnapshot.Of(s, current, baseUri) : RolloutSnapshot.NoRuns(s, baseUri));
                    shown = key;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("The controller did not answer for the rollout view: {Message}", exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private async Task<JsonElement?> NewestRunAsync(Uri baseUri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "/api/rollouts?limit=1"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await apiKey.Resource.GetValueAsync(cancellationToken));
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return document.RootElement.GetArrayLength() == 0 ? null : document.RootElement[0].Clone();
    }
}
