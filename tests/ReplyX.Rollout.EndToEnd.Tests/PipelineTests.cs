using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ReplyX.Rollout.EndToEnd.Tests;

[Collection(AppHostCollection.Name)]
public sealed class PipelineTests(AppHostFixture fixture)
{
    [Fact]
    public async Task The_workload_answers_through_the_apphost_from_its_seeded_database()
    {
        using var client = fixture.App.CreateHttpClient("workload");
        client.DefaultRequestHeaders.Add("X-User-Id", "1");

        var dialogs = await client.GetFromJsonAsync<JsonElement>("/api/dialogs?limit=50");

        // 20k messages seed 200 users with 10 dialogs each.
        Assert.Equal(10, dialogs.GetArrayLength());
    }

    [Fact]
    public async Task A_request_without_a_user_id_is_a_400_problem_through_the_apphost()
    {
        using var client = fixture.App.CreateHttpClient("workload");

        var response = await client.GetAsync("/api/dialogs");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_load_generator_drives_the_workload()
    {
        using var client = fixture.App.CreateHttpClient("loadgen");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var served = 0;
        while (served == 0)
        {
            var status = await client.GetFromJsonAsync<JsonElement>("/status", timeout.Token);
            served = status.GetProperty("totals").EnumerateArray()
                .Sum(t => t.GetProperty("count").GetInt32() - t.GetProperty("errors").GetInt32());
            if (served == 0)
            {
                await Task.Delay(500, timeout.Token);
            }
        }

        Assert.True(served > 0);
    }

    [Theory]
    [InlineData("workload")]
    [InlineData("loadgen")]
    public async Task Request_traces_are_sampled_parent_based_at_a_tenth(string name)
    {
        var environment = await EnvironmentOfAsync(name);

        Assert.Equal("parentbased_traceidratio", environment["OTEL_TRACES_SAMPLER"]);
        Assert.Equal("0.1", environment["OTEL_TRACES_SAMPLER_ARG"]);
    }

    [Theory]
    [InlineData("workload")]
    [InlineData("loadgen")]
    [InlineData("controller")]
    public async Task The_services_thread_pools_do_not_spin_on_the_shared_host(string name)
    {
        var environment = await EnvironmentOfAsync(name);

        Assert.Equal("0", environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"]);
    }

    /// <summary>The environment the AppHost gives a project, as its callbacks build it.</summary>
    private async Task<Dictionary<string, object>> EnvironmentOfAsync(string name)
    {
        var model = fixture.App.Services.GetRequiredService<Aspire.Hosting.ApplicationModel.DistributedApplicationModel>();
        var project = model.Resources.OfType<Aspire.Hosting.ApplicationModel.ProjectResource>().Single(r => r.Name == name);
        var context = new Aspire.Hosting.ApplicationModel.EnvironmentCallbackContext(
            new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), project);
        foreach (var annotation in project.Annotations.OfType<Aspire.Hosting.ApplicationModel.EnvironmentCallbackAnnotation>())
        {
            await annotation.Callback(context);
        }

        return context.EnvironmentVariables;
    }

    [Fact]
    public async Task The_controller_is_healthy_with_its_schema_migrated()
    {
        using var client = fixture.App.CreateHttpClient("controller");

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_apphost_saves_the_cli_credentials_for_its_controller_and_the_key_is_accepted()
    {
        using var open = fixture.App.CreateHttpClient("controller");
        using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(fixture.CredentialsFile));
        var saved = document.RootElement;

        Assert.Equal(open.BaseAddress!.GetLeftPart(UriPartial.Authority), saved.GetProperty("controller").GetString());
        Assert.Equal(AppHostFixture.ApiKey, saved.GetProperty("apiKey").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await open.GetAsync("/api/auth")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", saved.GetProperty("apiKey").GetString());
        Assert.Equal(HttpStatusCode.OK, (await open.SendAsync(request)).StatusCode);
    }
}
