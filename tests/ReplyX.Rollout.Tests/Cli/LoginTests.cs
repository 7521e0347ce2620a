using ReplyX.Rollout.Cli.Api;
using ReplyX.Rollout.Cli.Commands;
using ReplyX.Rollout.Primitives.Credentials;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Cli;

/// <summary>
/// How a newcomer gets the API key to the CLI: <c>login</c> checks it against a real controller and saves it owner-only;
/// later commands use it for that controller and never send it to another.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LoginTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Login_refuses_a_wrong_key_saves_a_right_one_owner_only_and_commands_then_use_it()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "login");
        using var controller = await ControllerProcess.StartAsync(settings);
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "credentials.json");
        var url = controller.Client.BaseAddress!.ToString();

        var refused = new StringWriter();
        Assert.Equal(ExitCodes.UsageError, await LoginCommand.RunAsync(url, "wrong-key", path, refused, CancellationToken.None));
        Assert.Contains("401", refused.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(path));

        var output = new StringWriter();
        Assert.Equal(ExitCodes.Success, await LoginCommand.RunAsync(url, ControllerHost.ApiKey, path, output, CancellationToken.None));
        Assert.DoesNotContain(ControllerHost.ApiKey, output.ToString(), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        // A change through a client built from the saved file alone is authorized: an unknown run is a 404, not a 401.
        var client = ControllerClient.Create(null, null, path);
        var missing = await Assert.ThrowsAsync<ControllerApiException>(() => client.ActAsync(Guid.NewGuid(), "pause", null, CancellationToken.None));
        Assert.Equal(404, missing.Status);

        // The saved key is for that controller only: another address gets no key.
        var elsewhere = ControllerClient.Create($"http://localhost:{controller.Port}", null, path);
        var unauthorized = await Assert.ThrowsAsync<ControllerApiException>(() => elsewhere.ActAsync(Guid.NewGuid(), "pause", null, CancellationToken.None));
        Assert.Equal(401, unauthorized.Status);

        var shown = new StringWriter();
        Assert.Equal(ExitCodes.Success, await LoginCommand.RunAsync(null, null, path, shown, CancellationToken.None));
        Assert.Contains("(key ****)", shown.ToString(), StringComparison.Ordinal);
    }
}
