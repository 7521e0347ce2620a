using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ReplyX.Rollout.AppHost;

/// <summary>Dashboard buttons on the controller resource: start a phase, abort the running one.</summary>
internal static class ControllerCommands
{
    public static IResourceBuilder<ProjectResource> WithRolloutCommands(this IResourceBuilder<ProjectResource> controller, IResourceBuilder<ParameterResource> apiKey, params string[] phases)
    {
        foreach (var phase in phases)
        {
            controller.WithHttpCommand("/api/rollouts", $"Start phase {phase}", commandName: $"start-{phase}", commandOptions: new HttpCommandOptions
            {
                Method = HttpMethod.Post,
                PrepareRequest = async context =>
                {
                    context.Request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await apiKey.Resource.GetValueAsync(context.CancellationToken));
                    context.Request.Content = JsonContent.Create(new { phase });
                },
            });
        }

        return controller.WithHttpCommand("/api/rollouts/active/abort", "Abort running rollout", commandName: "abort-active", commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            PrepareRequest = async context =>
                context.Request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await apiKey.Resource.GetValueAsync(context.CancellationToken)),
        });
    }
}
