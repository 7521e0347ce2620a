using ReplyX.Rollout.Cli.Commands;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Cli;

public sealed class CliCommandsTests
{
    [Fact]
    public void Validate_passes_on_the_shipped_phases()
    {
        var output = new StringWriter();

        Assert.Equal(ExitCodes.Success, ValidateCommand.Run([RepositoryPaths.Phases], null, output));
        Assert.Contains("4 phase(s) valid", output.ToString());
    }

    [Theory]
    [InlineData("bad-structure.yaml")]
    [InlineData("malformed.yaml")]
    [InlineData("self-dependency.yaml")]
    [InlineData("unsafe-ddl.yaml")]
    public void Validate_fails_on_each_example_with_file_line_column(string file)
    {
        var output = new StringWriter();
        var path = Path.Combine(RepositoryPaths.Examples, file);

        Assert.Equal(ExitCodes.ValidationFailed, ValidateCommand.Run([path], null, output));
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(path)}:\d+:\d+: error RX", output.ToString());
    }

    [Fact]
    public async Task Plan_shows_steps_lint_ramp_timeline_and_guardrails()
    {
        var output = new StringWriter();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

        var exit = await PlanCommand.RunAsync("vector-optimization", RepositoryPaths.Phases, null, output, time, CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("1. centroid table", text);
        Assert.Contains("rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_knowledge_embeddings_ivf_list;", text);
        Assert.Contains("lint: RXL016 opaque-block suppressed: k-means needs a loop", text);
        Assert.Contains("  5%  from +0s       bake 3m     until +3m", text);
        Assert.Contains("100%  from +6m       bake 3m     until +9m", text);
        Assert.Contains("not before 2026-03-01 12:09 UTC", text);
        Assert.Contains("Roll back when treatment p95 exceeds 100ms (R003 Performance Regression, HIGH).", text);
        Assert.Contains("vectorRecall (search=knowledge_ivf_search, probes=12, k=10, minRecall=85%, queries=200, maxP95=100ms) guards R006 Vector Search Accuracy Loss, HIGH; runs after the steps, before any user is moved and at the end of every stage.", text);
    }

    [Fact]
    public async Task Plan_of_an_unknown_phase_is_a_usage_error_listing_the_known_ones()
    {
        var output = new StringWriter();

        var exit = await PlanCommand.RunAsync("nope", RepositoryPaths.Phases, null, output, TimeProvider.System, CancellationToken.None);

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("known: foundation, vector-optimization", output.ToString());
    }
}
