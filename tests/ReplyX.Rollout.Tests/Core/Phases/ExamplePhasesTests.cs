using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Core.Phases;

/// <summary>Golden tests: each deliberately bad example fails with exactly these codes at these positions.</summary>
public sealed class ExamplePhasesTests
{
    [Theory]
    [InlineData("bad-structure.yaml", new[]
    {
        "4:15 RX009", "7:11 RX018", "8:22 RX005", "10:5 RX014", "12:5 RX002", "14:10 RX016", "17:19 RX007",
        "17:19 RX008", "18:9 RX005", "20:32 RX015", "21:21 RX006", "22:1 RX002",
    })]
    [InlineData("malformed.yaml", new[] { "6:9 RX001" })]
    [InlineData("self-dependency.yaml", new[] { "5:13 RX011", "5:30 RX010", "12:5 RX013" })]
    [InlineData("unsafe-ddl.yaml", new[] { "8:10 RXL001", "8:10 RXL011", "9:15 RXL002", "9:15 RXL011", "13:7 RXL006", "17:10 RXL007", "21:10 RXL009", "25:10 RXL008" })]
    public void Each_example_fails_with_its_codes_at_their_positions(string file, string[] expected)
    {
        var set = PhaseLoader.Load([Path.Combine(RepositoryPaths.Examples, file)]);

        Assert.Equal(expected, set.Diagnostics.Select(d => $"{d.Position.Line}:{d.Position.Column} {d.Code}"));
        Assert.True(set.HasErrors);
    }

    [Fact]
    public void Messages_say_what_is_wrong_and_suggest_the_fix()
    {
        var set = PhaseLoader.Load([Path.Combine(RepositoryPaths.Examples, "bad-structure.yaml")]);
        var messages = set.Diagnostics.Select(d => d.ToString()).ToList();

        Assert.Contains(messages, m => m.EndsWith("bad-structure.yaml:12:5: error RX002: unknown key 'lockTimeot' in a step of steps; did you mean 'lockTimeout'?", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.EndsWith("bad-structure.yaml:4:15: error RX009: risks names unknown risk 'R099'; did you mean 'R009'?", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("ramp stages must strictly increase: 25% follows 50%.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_online_change_example_expands_syncs_backfills_and_contracts_with_no_finding()
    {
        var set = PhaseLoader.Load([Path.Combine(RepositoryPaths.Examples, "online-change.yaml")]);

        Assert.Empty(set.Diagnostics.Select(d => d.ToString()));
        var phase = Assert.Single(set.Phases);
        Assert.Equal([null, "content_normalized", null], phase.Steps.Select(s => s.Sync?.Column));
        Assert.Equal("content_normalized IS NULL", phase.Steps[2].Backfill!.Where);
        Assert.True(phase.Steps[2].UndoneByEarlierStep);
        Assert.Equal(SyncSql.Drop(phase.Steps[1].Sync!), phase.Contract[0].Sql.Trim());
    }

    [Fact]
    public void The_same_change_written_as_a_column_type_change_is_still_refused()
    {
        using var workspace = new PhaseWorkspace();
        var yaml = File.ReadAllText(Path.Combine(RepositoryPaths.Examples, "online-change.yaml"))
            .Replace("sql: ALTER TABLE dialog_messages ADD COLUMN content_normalized text;", "sql: ALTER TABLE dialog_messages ALTER COLUMN content TYPE varchar(4000);", StringComparison.Ordinal);
        workspace.Write("phase.yaml", yaml);

        Assert.Contains("RXL005", workspace.Load().Diagnostics.Select(d => d.Code));
    }
}
