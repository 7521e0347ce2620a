using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ReplyX.Rollout.Controller;

namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>The controller in-process (engine included) against its own state database and a seeded target.</summary>
internal sealed class ControllerHost(ControllerSettings settings) : WebApplicationFactory<ControllerEntryPoint>
{
    public const string ApiKey = "test-api-key";

    public ControllerSettings Settings { get; } = settings;

    public HttpClient Client(bool authorized = true)
    {
        var client = CreateClient();
        if (authorized)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings.AsConfiguration())
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
    }
}
