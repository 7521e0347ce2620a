using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReplyX.Rollout.AppHost.Rollouts;

/// <summary>Adds the <c>rollout</c> resource: the newest run's headline as its state, its report as its URL, the CLI's verbs as commands.</summary>
internal static class RolloutResourceExtensions
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The run verbs the dashboard offers, each the API's <c>POST /api/rollouts/{id}/{verb}</c>.</summary>
    private static readonly (string Verb, string Display, string Icon, string? Confirmation)[] Verbs =
    [
        ("pause", "Pause", "Pause", null),
        ("resume", "Resume", "Play", null),
        ("approve", "Approve last stage", "Checkmark", "Approve the last stage of this rollout?"),
        ("abort", "Abort and roll back", "Dismiss", "Abort this rollout and roll back every applied step?"),
    ];

    public static IResourceBuilder<RolloutResource> AddRolloutView(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ProjectResource> controller, IResourceBuilder<ParameterResource> apiKey)
    {
        var resource = new RolloutResource(name);
        var endpoint = controller.GetEndpoint("http");
        builder.Eventing.Subscribe<InitializeResourceEvent>(resource, (e, cancellationToken) =>
        {
            var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            var stopping = e.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
            var watcher = new RolloutWatcher(resource, endpoint, apiKey, Http);
            _ = Task.Run(() => WatchAsync(watcher, e.Notifications, logger, stopping), stopping);
            return Task.CompletedTask;
        });

        var rollout = builder.AddResource(resource)
            .ExcludeFromManifest()
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Rollout",
                State = new ResourceStateSnapshot("Starting", KnownResourceStateStyles.Info),
                Properties = [],
            });
        foreach (var (verb, display, icon, confirmation) in Verbs)
        {
            rollout.WithCommand(verb, display, context => SendAsync(resource, endpoint, apiKey, verb, context.CancellationToken), new CommandOptions
            {
                Description = $"POST /api/rollouts/{{id}}/{verb} on the run shown",
                IconName = icon,
                ConfirmationMessage = confirmation,
                UpdateState = _ => resource.CurrentRun is null ? ResourceCommandState.Disabled : ResourceCommandState.Enabled,
            });
        }

        return rollout;
    }

    private static async Task WatchAsync(RolloutWatcher watcher, ResourceNotificationService notifications, ILogger logger, CancellationToken stopping)
    {
        try
        {
            await watcher.RunAsync(notifications, logger, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The app host is stopping.
        }
    }

    private static async Task<ExecuteCommandResult> SendAsync(RolloutResource resource, EndpointReference endpoint, IResourceBuilder<ParameterResource> apiKey, string verb, CancellationToken cancellationToken)
    {
        if (resource.CurrentRun is not { } id)
        {
            return CommandResults.Failure("No run to act on yet.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(endpoint.Url), $"/api/rollouts/{id}/{verb}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await apiKey.Resource.GetValueAsync(cancellationToken));
        using var response = await Http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return CommandResults.Success();
        }

        // The API explains a refusal as a problem document (e.g. "cannot resume: the run is Ramping").
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var detail = TryDetail(body) ?? $"{(int)response.StatusCode} {response.ReasonPhrase}";
        return CommandResults.Failure($"{verb} refused: {detail}");
    }

    private static string? TryDetail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
