using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using Npgsql;
using ReplyX.Api.Flags;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Flags;

/// <summary>
/// The controller's OFREP endpoints: through the OpenFeature Node SDK and its OFREP provider (a client nobody here
/// wrote), a user gets exactly the variant the .NET workload's Microsoft.FeatureManagement gives it; the protocol's
/// errors and the bulk endpoint's ETag as the specification says.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OfrepTests(PostgresServerFixture postgres)
{
    private const string Flag = "replyx.messages.keyset-pages";
    private const string Stopped = "replyx.knowledge.ivf-search";

    [SkippableFact]
    public async Task The_node_ofrep_client_gets_the_variant_the_dotnet_workload_computes_for_10000_users()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "ofrep_node");
        using var controller = await ControllerProcess.StartAsync(settings);
        await SetFlagsAsync(settings, (Flag, 25, """{"keyset.pageSize":"50"}"""), (Stopped, 0, "{}"));

        var seen = JsonDocument.Parse(await NodeClients.RunAsync("ofrep.mjs", [$"http://127.0.0.1:{controller.Port}", Flag, "10000"])).RootElement;

        var dotnet = await WorkloadVariantsAsync(Flag, 25, 10_000);
        var node = seen.GetProperty("variants").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(10_000, node.Count);
        var different = dotnet.Where(d => node[d.Key] != d.Value).Select(d => d.Key).ToList();
        Assert.True(different.Count == 0, $"{different.Count} users differ, e.g. {string.Join(", ", different.Take(5))}");
        Assert.InRange(node.Values.Count(v => v == "treatment"), 2_300, 2_700);
        Assert.Equal(node.Values.Count(v => v == "treatment"), seen.GetProperty("reasons").GetProperty("TARGETING_MATCH").GetInt32());
        Assert.Equal(node.Values.Count(v => v == "control"), seen.GetProperty("reasons").GetProperty("DEFAULT").GetInt32());
        Assert.Equal(25, seen.GetProperty("metadata").GetProperty("percentage").GetInt32());
        Assert.Equal("50", seen.GetProperty("metadata").GetProperty("keyset.pageSize").GetString());

        // The SDK maps the protocol's errors to OpenFeature error codes and falls back to the code default.
        Assert.Equal(("FLAG_NOT_FOUND", false), (seen.GetProperty("missing").GetProperty("errorCode").GetString(), seen.GetProperty("missing").GetProperty("value").GetBoolean()));
        Assert.Equal("TARGETING_KEY_MISSING", seen.GetProperty("noKey").GetProperty("errorCode").GetString());

        // Bulk: every flag for the user, an ETag, 304 while nothing changed for that context.
        var bulk = seen.GetProperty("bulk");
        Assert.Equal(200, bulk.GetProperty("status").GetInt32());
        Assert.Equal(new[] { $"{Flag}={dotnet["1"]}", $"{Stopped}=control" }.Order(), bulk.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!).Order());
        Assert.Equal(304, bulk.GetProperty("again").GetInt32());
        Assert.Equal(dotnet["1"] == dotnet["2"] ? 304 : 200, bulk.GetProperty("otherKey").GetInt32());
    }

    [Fact]
    public async Task Errors_reasons_and_etags_follow_the_specification()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "ofrep_errors");
        await using var host = new ControllerHost(settings);
        using var client = host.Client(authorized: false);
        await client.GetAsync("/health");
        await SetFlagsAsync(settings, (Flag, 5, "{}"), (Stopped, 0, """{"ivf.probes":"10"}"""));

        var parse = await PostAsync(client, $"/ofrep/v1/evaluate/flags/{Flag}", "{not json");
        var noContext = await PostAsync(client, $"/ofrep/v1/evaluate/flags/{Flag}", """{"ctx":{}}""");
        var noKey = await PostAsync(client, $"/ofrep/v1/evaluate/flags/{Flag}", """{"context":{"plan":"free"}}""");
        var badGroups = await PostAsync(client, $"/ofrep/v1/evaluate/flags/{Flag}", """{"context":{"targetingKey":"7","groups":"beta"}}""");
        var unknown = await PostAsync(client, "/ofrep/v1/evaluate/flags/replyx.nope", """{"context":{"targetingKey":"7"}}""");
        var disabled = await PostAsync(client, $"/ofrep/v1/evaluate/flags/{Stopped}", """{"context":{"targetingKey":"7"}}""");

        Assert.Equal((HttpStatusCode.BadRequest, "PARSE_ERROR"), (parse.Status, parse.Body.GetProperty("errorCode").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_CONTEXT"), (noContext.Status, noContext.Body.GetProperty("errorCode").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "TARGETING_KEY_MISSING"), (noKey.Status, noKey.Body.GetProperty("errorCode").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_CONTEXT"), (badGroups.Status, badGroups.Body.GetProperty("errorCode").GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "FLAG_NOT_FOUND", "replyx.nope"), (unknown.Status, unknown.Body.GetProperty("errorCode").GetString(), unknown.Body.GetProperty("key").GetString()));
        Assert.Equal((HttpStatusCode.OK, false, "control", "DISABLED"), (disabled.Status, disabled.Body.GetProperty("value").GetBoolean(),
            disabled.Body.GetProperty("variant").GetString(), disabled.Body.GetProperty("reason").GetString()));
        Assert.Equal("10", disabled.Body.GetProperty("metadata").GetProperty("ivf.probes").GetString());

        // The bulk ETag follows the flags: a stage moving changes it.
        var first = await client.PostAsync("/ofrep/v1/evaluate/flags", Json("""{"context":{"targetingKey":"7"}}"""));
        var etag = first.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.NotModified, (await BulkAsync(client, etag)).StatusCode);
        await SetFlagsAsync(settings, (Flag, 100, "{}"));
        var moved = await BulkAsync(client, etag);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var flags = (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("flags").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!);
        Assert.Equal(("treatment", "TARGETING_MATCH"), (flags[Flag].GetProperty("variant").GetString(), flags[Flag].GetProperty("reason").GetString()));
        var badBulk = await client.PostAsync("/ofrep/v1/evaluate/flags", Json("""{"context":{}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badBulk.StatusCode);
        Assert.Equal("TARGETING_KEY_MISSING", (await badBulk.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
    }

    /// <summary>What the .NET workload decides for users 1..count: its own definition provider and Microsoft.FeatureManagement.</summary>
    private static async Task<Dictionary<string, string>> WorkloadVariantsAsync(string flag, int percentage, int count)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var provider = new ControllerFeatureDefinitionProvider();
        provider.Update([new FlagState(flag, percentage)], TimeProvider.System.GetUtcNow());
        services.AddSingleton<IFeatureDefinitionProvider>(provider);
        services.AddFeatureManagement().WithTargeting<SettableTargetingAccessor>();
        var built = services.BuildServiceProvider();
        var features = built.GetRequiredService<IFeatureManager>();
        var accessor = (SettableTargetingAccessor)built.GetRequiredService<ITargetingContextAccessor>();
        var variants = new Dictionary<string, string>();
        for (var i = 1; i <= count; i++)
        {
            accessor.UserId = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            variants[accessor.UserId] = await features.IsEnabledAsync(flag) ? "treatment" : "control";
        }

        return variants;
    }

    /// <summary>Flags as a run's transitions leave them in the controller's database (no run: not live, no cohort).</summary>
    private static async Task SetFlagsAsync(ControllerSettings settings, params (string Flag, int Percentage, string Parameters)[] flags)
    {
        await using var connection = new NpgsqlConnection(settings.RolloutDb);
        await connection.OpenAsync();
        for (var attempt = 0; ; attempt++)
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass('rollout.flags') IS NOT NULL", connection);
            if ((bool)(await exists.ExecuteScalarAsync())! || attempt > 100)
            {
                break;
            }

            await Task.Delay(100);
        }

        foreach (var (flag, percentage, parameters) in flags)
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO rollout.flags (flag, percentage, updated_at, parameters) VALUES ($1, $2, now(), $3::jsonb)
                ON CONFLICT (flag) DO UPDATE SET percentage = EXCLUDED.percentage, parameters = EXCLUDED.parameters, updated_at = now()
                """, connection);
            command.Parameters.AddWithValue(flag);
            command.Parameters.AddWithValue(percentage);
            command.Parameters.AddWithValue(parameters);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string path, string body)
    {
        using var response = await client.PostAsync(path, Json(body));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static Task<HttpResponseMessage> BulkAsync(HttpClient client, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ofrep/v1/evaluate/flags") { Content = Json("""{"context":{"targetingKey":"7"}}""") };
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return client.SendAsync(request);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
