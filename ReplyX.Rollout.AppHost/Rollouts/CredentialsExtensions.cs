using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReplyX.Rollout.Primitives.Credentials;

namespace ReplyX.Rollout.AppHost.Rollouts;

/// <summary>
/// Saves the controller's address and the API key this AppHost generated where the CLI looks for them
/// (<see cref="ControllerCredentials.DefaultPath"/>, or <c>ReplyX:CredentialsFile</c>; <c>none</c> turns it off), once
/// the controller is ready: a newcomer's <c>replyx-rollout start foundation</c> works with no flag. The key never
/// reaches a log line.
/// </summary>
internal static class CredentialsExtensions
{
    public const string Setting = "ReplyX:CredentialsFile";

    public static IResourceBuilder<ProjectResource> WithSavedCredentials(this IResourceBuilder<ProjectResource> controller, IResourceBuilder<ParameterResource> apiKey, string? file)
    {
        if (string.Equals(file, "none", StringComparison.OrdinalIgnoreCase) || !controller.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return controller;
        }

        var path = string.IsNullOrWhiteSpace(file) ? ControllerCredentials.DefaultPath : file;
        var endpoint = controller.GetEndpoint("http");
        return controller.OnResourceReady(async (resource, e, cancellationToken) =>
        {
            var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            var credentials = new ControllerCredentials(new Uri(endpoint.Url).GetLeftPart(UriPartial.Authority), (await apiKey.Resource.GetValueAsync(cancellationToken))!);
            try
            {
                credentials.Write(path);
                logger.LogInformation("The CLI's credentials for {Controller} are saved in {Path}: replyx-rollout commands need no --api-key on this machine.", credentials.Controller, path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Could not save the CLI's credentials in {Path} ({Message}); the key is the rollout-api-key parameter in the dashboard.", path, exception.Message);
            }
        });
    }
}
