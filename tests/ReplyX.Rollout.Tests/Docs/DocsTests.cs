using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ReplyX.Rollout.Cli;
using ReplyX.Rollout.Core.Criteria;
using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Docs;

/// <summary>
/// The docs say what the code does: each list in them is checked against the one table in the code it describes
/// (measures, lint rules, validation codes, CLI commands, API routes), links resolve, and the README stays a guide.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class DocsTests(PostgresServerFixture postgres)
{
    [GeneratedRegex(@"\]\((?!https?://)(?<path>[^)#\s]+)(#[^)]*)?\)")]
    private static partial Regex RelativeLink();

    [Fact]
    public void Every_success_criterion_measure_is_documented_with_its_reading()
    {
        var verdicts = Read("docs/verdicts.md");

        Assert.All(CriterionMeasures.All, m => Assert.Contains($"| `{m.Name}` | {m.Reading} | {m.Targets} |", verdicts, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_lint_rule_and_validation_code_is_documented()
    {
        var lint = Read("docs/lint-rules.md");
        var format = Read("docs/phase-format.md");
        var codes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();

        Assert.All(LintRules.All, r => Assert.Contains($"| {r.Id} {r.Name} |", lint, StringComparison.Ordinal));
        Assert.NotEmpty(codes);
        Assert.All(codes, code => Assert.Contains($"| {code} |", format, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_cli_command_is_in_the_cli_guide()
    {
        var cli = Read("docs/cli.md");

        Assert.All(RolloutCommandLine.Build().Subcommands, c => Assert.Contains($"`{c.Name}", cli, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_controller_route_is_in_the_api_guide()
    {
        var api = Read("docs/api.md");
        await using var host = new ControllerHost(await ControllerSettings.CreateAsync(postgres, "docs", messages: 100));
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Method: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.FirstOrDefault(), Pattern: e.RoutePattern.RawText!))
            .Where(r => r.Method is not null && !r.Pattern.StartsWith("/openapi", StringComparison.Ordinal) && r.Pattern is not ("/health" or "/alive"))
            .ToList();

        Assert.NotEmpty(routes);
        Assert.All(routes, r => Assert.Contains($"`{r.Method} {Documented(r.Pattern)}", api, StringComparison.Ordinal));
    }

    [Fact]
    public void The_readme_is_a_guide_of_at_most_250_lines_and_every_relative_link_resolves()
    {
        var readme = Read("README.md");

        Assert.True(readme.Split('\n').Length <= 250, $"README.md has {readme.Split('\n').Length} lines");
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md").Append(Path.Combine(RepositoryPaths.Root, "README.md"));
        var broken = files.SelectMany(file => RelativeLink().Matches(File.ReadAllText(file))
                .Select(m => m.Groups["path"].Value)
                .Where(path => !File.Exists(Path.Combine(Path.GetDirectoryName(file)!, path)))
                .Select(path => $"{Path.GetFileName(file)} -> {path}"))
            .ToList();
        Assert.Empty(broken);
    }

    [Fact]
    public void Every_measurement_section_names_a_command_and_a_date()
    {
        var sections = Read("docs/measurements.md").Split("\n## ").Skip(1).ToList();

        Assert.NotEmpty(sections);
        Assert.All(sections, s =>
        {
            Assert.Matches(@"`(dotnet|replyx-rollout|curl) [^`]+`", s);
            Assert.Matches(@"20\d\d-\d\d-\d\d", s);
        });
    }

    /// <summary>The docs write route parameters without their constraints: <c>{id}</c> for <c>{id:guid}</c>.</summary>
    private static string Documented(string pattern) => Regex.Replace(pattern.TrimEnd('/'), @"\{(\w+):\w+\}", "{$1}") is { Length: > 0 } p ? p : "/";

    private static string Read(string relative) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, relative));
}
