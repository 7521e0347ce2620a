using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>With a read token configured, run reads need it or the rollout key; the workload's flag feed stays open.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReadTokenTests(PostgresServerFixture postgres)
{
    private const string ReadToken = "read-token-for-tests";

    [Fact]
    public async Task Run_reads_need_the_read_token_or_the_rollout_key_and_the_flag_feed_does_not()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "read_token");
        await using var controller = new ControllerHost(settings);
        await using var host = controller.WithWebHostBuilder(builder => builder.UseSetting("Rollout:ReadToken", ReadToken));
        using var client = host.CreateClient();

        string[] reads = ["/api/rollouts", "/api/phases", "/api/risks", "/api/review", "/api/metrics", "/rollouts", $"/api/rollouts/{Guid.NewGuid()}/report"];
        foreach (var path in reads)
        {
            Assert.Equal((path, HttpStatusCode.Unauthorized), (path, await GetAsync(client, path, null)));
            Assert.Equal((path, HttpStatusCode.Unauthorized), (path, await GetAsync(client, path, "wrong")));
            Assert.NotEqual(HttpStatusCode.Unauthorized, await GetAsync(client, path, ReadToken));
            Assert.NotEqual(HttpStatusCode.Unauthorized, await GetAsync(client, path, ControllerHost.ApiKey));
        }

        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "/api/flags", null));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "/health", null));

        // The read token changes nothing.
        using var start = new HttpRequestMessage(HttpMethod.Post, "/api/rollouts") { Content = JsonContent("""{"phase":"foundation"}""") };
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ReadToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(start)).StatusCode);
    }

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static StringContent JsonContent(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
