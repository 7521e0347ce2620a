using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ReplyX.Rollout.Controller.Alerts;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// R008 alert delivery: a run's alert is published without waiting for the webhook, then tried with backoff; a
/// webhook that refuses twice gets it on the third attempt, one that always refuses or never answers leaves an
/// undelivered event - and the token in the webhook's query string appears in none of them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AlertDeliveryTests(PostgresServerFixture postgres)
{
    [Theory]
    [InlineData("flaky", "alert-delivered", "delivered to http://127.0.0.1:{port}/flaky (query and credentials redacted) (200) on attempt 3")]
    [InlineData("refuse", "alert-undelivered", "undelivered to http://127.0.0.1:{port}/refuse (query and credentials redacted) after 3 attempt(s): 503 Service Unavailable")]
    [InlineData("hang", "alert-undelivered", "undelivered to http://127.0.0.1:{port}/hang (query and credentials redacted) after 3 attempt(s): no answer within 0.5 s")]
    public async Task An_alert_is_published_without_waiting_and_its_delivery_is_retried_and_recorded(string behaviour, string kind, string expected)
    {
        var calls = 0;
        await using var webhook = await WebhookAsync(async (path, http) =>
        {
            var call = Interlocked.Increment(ref calls);
            http.Response.StatusCode = path switch
            {
                "/flaky" => call < 3 ? 500 : 200,
                "/refuse" => 503,
                _ => 200,
            };
            if (path == "/hang")
            {
                await Task.Delay(TimeSpan.FromSeconds(5), http.RequestAborted);
            }
        });
        var port = new Uri(webhook.Urls.First()).Port;
        var settings = await ControllerSettings.CreateAsync(postgres, "alerts_" + behaviour);
        await using var controller = new ControllerHost(settings);
        await using var host = controller.WithWebHostBuilder(builder => builder
            .UseSetting("Rollout:AlertWebhook", $"http://127.0.0.1:{port}/{behaviour}?token=secret-token")
            .UseSetting("Rollout:AlertAttempts", "3")
            .UseSetting("Rollout:AlertRetryDelay", "00:00:00.200")
            .UseSetting("Rollout:AlertTimeout", "00:00:00.500"));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ControllerHost.ApiKey);
        var id = await RolloutApi.StartAsync(client, "foundation", bake: "10m");
        var store = host.Services.GetRequiredService<RolloutStore>();
        var run = (await store.GetAsync(id, CancellationToken.None))!;

        await host.Services.GetRequiredService<AlertPublisher>().PublishAsync(
            run, RiskAlert.Create(null, "R003", "test alert", ["none"], TimeProvider.System.GetUtcNow()), null, CancellationToken.None);

        // Published (event recorded) before the delivery's outcome, which takes at least the two waits (0.2 s + 0.4 s).
        var published = await RolloutApi.GetAsync(client, id);
        Assert.Contains(published.Events(), e => e.GetProperty("kind").GetString() == "alert");
        Assert.DoesNotContain(published.Events(), e => e.GetProperty("kind").GetString() is "alert-delivered" or "alert-undelivered");

        var done = await RolloutApi.WaitAsync(client, id, r => r.Events().Any(e => e.GetProperty("kind").GetString() is "alert-delivered" or "alert-undelivered"), TimeSpan.FromSeconds(30));
        var outcome = done.Events().Single(e => e.GetProperty("kind").GetString() is "alert-delivered" or "alert-undelivered");
        Assert.Equal((kind, expected.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)),
            (outcome.GetProperty("kind").GetString(), outcome.GetProperty("reason").GetString()));
        Assert.Equal(3, Volatile.Read(ref calls));
        Assert.DoesNotContain("secret-token", (await client.GetStringAsync($"/api/rollouts/{id}")), StringComparison.Ordinal);
        await client.PostAsync($"/api/rollouts/{id}/abort", null);
    }

    private static async Task<WebApplication> WebhookAsync(Func<string, HttpContext, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(http => handle(http.Request.Path.Value ?? "", http));
        await app.StartAsync();
        return app;
    }
}
