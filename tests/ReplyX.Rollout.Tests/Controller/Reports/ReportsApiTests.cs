using System.Net;
using System.Xml.Linq;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller.Reports;

/// <summary>The report and the runs page as the controller serves them for a real run.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReportsApiTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task A_completed_run_has_an_html_and_a_markdown_report_and_the_runs_page_links_to_it()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "reports");
        await using var host = new ControllerHost(settings);
        using var client = host.Client(authorized: false);
        using var authorized = host.Client();
        var id = await RolloutApi.StartAsync(authorized, "foundation");
        await RolloutApi.WaitForStateAsync(client, id, "Completed");

        var html = await client.GetAsync($"/api/rollouts/{id}/report");
        var page = XDocument.Parse(await html.Content.ReadAsStringAsync());
        var markdown = await client.GetStringAsync($"/api/rollouts/{id}/report?format=md");
        var runs = XDocument.Parse(await client.GetStringAsync("/rollouts"));

        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["rowCounts", "lockWaits", "p95"], page.Descendants("tr").Select(r => (string?)r.Attribute("data-measure")).OfType<string>());
        Assert.Equal(3, page.Descendants("tr").Count(r => (string?)r.Attribute("data-kind") == "expand"));
        Assert.Contains("Verified:", page.Descendants("p").Single(p => (string?)p.Attribute("id") == "backup").Value, StringComparison.Ordinal);
        Assert.StartsWith("# Phase foundation: Foundation - hot-path indexes - Completed", markdown, StringComparison.Ordinal);
        Assert.Contains(runs.Descendants("a"), a => (string?)a.Attribute("href") == $"/api/rollouts/{id}/report");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/rollouts/{Guid.NewGuid()}/report")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/rollouts/{id}/report?format=pdf")).StatusCode);
    }
}
