using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Hosting;
using ReplyX.Rollout.Controller.Metrics.Otlp;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// With an ingest token configured, metrics and flag evaluations need it (as a Bearer token or X-API-Key, the way
/// OTLP exporters and OFREP providers send it), the rollout API key is not it, and refused exports are shown per sender.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class IngestTokenTests(PostgresServerFixture postgres)
{
    private const string Token = "ingest-token-for-tests";

    [Fact]
    public async Task Metrics_and_evaluations_need_the_ingest_token_and_refusals_are_counted_per_sender()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "ingest_token");
        await using var controller = new ControllerHost(settings);
        await using var host = controller.WithWebHostBuilder(builder => builder.UseSetting("Rollout:IngestToken", Token));
        using var client = host.CreateClient();

        var none = await ExportAsync(client, null);
        var apiKey = await ExportAsync(client, ("Authorization", $"Bearer {ControllerHost.ApiKey}"));
        var bearer = await ExportAsync(client, ("Authorization", $"Bearer {Token}"));
        var header = await ExportAsync(client, ("X-API-Key", Token));
        var ofrepNone = await EvaluateAsync(client, null);
        var ofrepHeader = await EvaluateAsync(client, ("X-API-Key", Token));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (none, apiKey));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (bearer, header));
        Assert.Equal(HttpStatusCode.Unauthorized, ofrepNone);
        Assert.Equal(HttpStatusCode.NotFound, ofrepHeader);

        var status = JsonDocument.Parse(await client.GetStringAsync("/api/metrics")).RootElement;
        var sources = status.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("source").GetString()!);
        Assert.Equal(2, sources["node-search (i-1)"].GetProperty("accepted").GetInt64());
        var refused = sources.Single(s => s.Key.StartsWith("unauthenticated ", StringComparison.Ordinal)).Value;
        Assert.Equal(2, refused.GetProperty("rejected").GetInt64());
        Assert.Equal(2, refused.GetProperty("reasons").GetProperty("missing or wrong ingest token (whole export)").GetInt64());
    }

    private static async Task<HttpStatusCode> ExportAsync(HttpClient client, (string Name, string Value)? credential)
    {
        var gauge = new Gauge();
        gauge.DataPoints.Add(new NumberDataPoint { AsDouble = 0.5 });
        var scope = new ScopeMetrics();
        scope.Metrics.Add(new Metric { Name = "system.cpu.utilization", Gauge = gauge });
        var resource = new ResourceMetrics { Resource = new Resource() };
        resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "node-search" } });
        resource.Resource.Attributes.Add(new KeyValue { Key = "service.instance.id", Value = new AnyValue { StringValue = "i-1" } });
        resource.ScopeMetrics.Add(scope);
        var export = new ExportMetricsServiceRequest();
        export.ResourceMetrics.Add(resource);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/metrics") { Content = new ByteArrayContent(export.ToByteArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (credential is { } c)
        {
            request.Headers.TryAddWithoutValidation(c.Name, c.Value);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> EvaluateAsync(HttpClient client, (string Name, string Value)? credential)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ofrep/v1/evaluate/flags/replyx.nope")
        {
            Content = new StringContent("""{"context":{"targetingKey":"1"}}""", Encoding.UTF8, "application/json"),
        };
        if (credential is { } c)
        {
            request.Headers.TryAddWithoutValidation(c.Name, c.Value);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
