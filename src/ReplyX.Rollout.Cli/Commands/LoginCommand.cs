using System.CommandLine;
using ReplyX.Rollout.Cli.Api;
using ReplyX.Rollout.Primitives.Credentials;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary>
/// <c>replyx-rollout login [--controller URL] [--api-key KEY]</c>: checks the key against the controller and saves
/// both for the next commands; without a key it shows what is saved (never the key itself).
/// </summary>
internal static class LoginCommand
{
    public static Command Create()
    {
        var command = new Command("login", "Check an API key against the controller and save both for later commands; without --api-key, show the saved controller.");
        command.SetAction((r, ct) => RunAsync(
            r.GetValue(RolloutCommands.Controller) ?? Environment.GetEnvironmentVariable(ControllerClient.UrlVariable),
            r.GetValue(RolloutCommands.ApiKey) ?? Environment.GetEnvironmentVariable(ControllerClient.KeyVariable),
            ControllerCredentials.DefaultPath, Console.Out, ct));
        return command;
    }

    public static async Task<int> RunAsync(string? url, string? key, string path, TextWriter output, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            var saved = ControllerCredentials.Read(path);
            await output.WriteLineAsync(saved is null ? $"No saved credentials ({path}). Run: replyx-rollout login --controller <url> --api-key <key>" : $"Saved: {saved} in {path}");
            return saved is null ? ExitCodes.UsageError : ExitCodes.Success;
        }

        url ??= ControllerCredentials.Read(path)?.Controller ?? ControllerClient.DefaultUrl;
        try
        {
            await ControllerClient.Create(url, key, path).GetJsonAsync("/api/auth", cancellationToken);
        }
        catch (ControllerApiException exception)
        {
            await output.WriteLineAsync($"error: the key was not accepted by {url}: {exception.Message}");
            return exception.Status is null ? ExitCodes.Unreachable : ExitCodes.UsageError;
        }

        var credentials = new ControllerCredentials(new Uri(url).GetLeftPart(UriPartial.Authority), key);
        credentials.Write(path);
        await output.WriteLineAsync($"Logged in: {credentials} saved in {path} (readable by you only).");
        return ExitCodes.Success;
    }
}
