using ReplyX.Rollout.Core.Diagnostics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Tests.Core.Backfills;

/// <summary>The <c>backfill</c> and <c>sync</c> step kinds as a phase file declares them: what they generate and what is refused at its line.</summary>
public sealed class BackfillStepParsingTests
{
    private const string Expand =
        """
        id: normalise
        title: Normalise
        risks: [R002]
        flag: replyx.tests.normalise
        steps:
          - name: add column
            sql: ALTER TABLE dialog_messages ADD COLUMN content_normalized text;
            rollback: ALTER TABLE dialog_messages DROP COLUMN IF EXISTS content_normalized;
            lockTimeout: 2s
            retries: 3
        """;

    private static (PhaseDefinition? Phase, DiagnosticBag Diagnostics) Parse(string steps)
    {
        var diagnostics = new DiagnosticBag();
        var phase = PhaseParser.Parse("phase.yaml", Expand + "\n" + steps + "ramp: { stages: [100], bake: 1s }\n", diagnostics);
        return (phase, diagnostics);
    }

    private static string Messages(DiagnosticBag diagnostics) => string.Join("\n", diagnostics.Items.Select(d => $"{d.Position.Line} {d.Code} {d.Message}"));

    [Fact]
    public void A_backfill_of_a_column_an_earlier_step_added_needs_no_rollback_of_its_own()
    {
        var (phase, diagnostics) = Parse(
            """
              - name: fill it
                backfill:
                  table: dialog_messages
                  set: content_normalized = lower(content)
                  where: content_normalized IS NULL
                  batchSize: 500
                  pause: 20ms
                  maxLag: 3s
            """ + "\n");

        Assert.Empty(Messages(diagnostics));
        var step = phase!.Steps[1];
        Assert.True(step.UndoneByEarlierStep);
        Assert.Null(step.Rollback);
        Assert.Equal("UPDATE dialog_messages SET content_normalized = lower(content) WHERE content_normalized IS NULL", step.Sql);
        Assert.Equal(["content_normalized"], step.Backfill!.Columns);
        Assert.Equal((500, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(3), BackfillSpec.DefaultMaxBatchDuration), (step.Backfill.BatchSize, step.Backfill.Pause, step.Backfill.MaxLag, step.Backfill.MaxBatchDuration));
        Assert.Equal((BackfillSpec.DefaultLockTimeout, BackfillSpec.DefaultStatementTimeout), (step.LockTimeout, step.StatementTimeout));
    }

    [Fact]
    public void A_backfill_of_an_existing_column_must_say_how_it_is_undone()
    {
        var (_, diagnostics) = Parse(
            """
              - name: fill it
                backfill: { table: dialog_messages, set: content = lower(content), where: content <> lower(content) }
            """ + "\n");

        Assert.Contains("RX014", Messages(diagnostics));
    }

    [Theory]
    [InlineData("where: content IS NOT NULL", "must test content_normalized")]
    [InlineData("idempotent: ''", "idempotent of backfill of step 'fill it' must give the reason")]
    public void A_backfill_whose_where_cannot_exclude_done_rows_is_refused(string extra, string expected)
    {
        var (_, diagnostics) = Parse(
            $$"""
              - name: fill it
                backfill: { table: dialog_messages, set: content_normalized = lower(content), {{extra}} }
            """ + "\n");

        Assert.Contains(expected, Messages(diagnostics));
    }

    [Fact]
    public void An_idempotent_backfill_with_its_reason_may_walk_every_row()
    {
        var (phase, diagnostics) = Parse(
            """
              - name: fill it
                backfill: { table: dialog_messages, set: content_normalized = lower(content), idempotent: lower() gives the same value twice }
            """ + "\n");

        Assert.Empty(Messages(diagnostics));
        Assert.Equal("lower() gives the same value twice", phase!.Steps[1].Backfill!.IdempotentReason);
    }

    [Theory]
    [InlineData("table: dialog_messages, set: lower(content), where: x IS NULL", "set of backfill of step 'fill it' must be 'column = expression")]
    [InlineData("table: \"Dialog Messages\", set: a = b, where: a IS NULL", "table of backfill of step 'fill it' must be a plain lower-case identifier")]
    [InlineData("table: dialog_messages, set: a = b, where: a IS NULL, batchSize: 0", "RX015")]
    [InlineData("table: dialog_messages, set: a = b, where: a IS NULL, speed: 3", "RX002")]
    public void Bad_backfill_settings_are_errors_at_their_line(string settings, string expected)
    {
        var (_, diagnostics) = Parse(
            $$"""
              - name: fill it
                backfill: { {{settings}} }
                irreversible: test
            """ + "\n");

        Assert.Contains(expected, Messages(diagnostics));
        Assert.All(diagnostics.Items, d => Assert.Equal(12, d.Position.Line));
    }

    [Fact]
    public void A_step_is_one_of_sql_backfill_or_sync()
    {
        var (_, diagnostics) = Parse(
            """
              - name: both
                sql: SELECT 1;
                backfill: { table: dialog_messages, set: content_normalized = lower(content), where: content_normalized IS NULL }
            """ + "\n");

        Assert.Contains("has sql and backfill; a step is one of sql, backfill or sync", Messages(diagnostics));
    }

    [Fact]
    public void A_sync_step_generates_its_trigger_and_the_rollback_that_drops_it()
    {
        var (phase, diagnostics) = Parse(
            """
              - name: keep it in step
                sync: { table: dialog_messages, column: content_normalized, from: content, up: lower(content) }
            """ + "\n");

        Assert.Empty(Messages(diagnostics));
        var step = phase!.Steps[1];
        Assert.Contains("CREATE FUNCTION replyx_sync_dialog_messages_content_normalized() RETURNS trigger", step.Sql);
        Assert.Contains("NEW.content_normalized := (SELECT lower(content) FROM (SELECT NEW.*) AS replyx_row);", step.Sql);
        Assert.Contains("CREATE TRIGGER replyx_sync_content_normalized BEFORE INSERT OR UPDATE ON dialog_messages", step.Sql);
        Assert.Equal("DROP TRIGGER IF EXISTS replyx_sync_content_normalized ON dialog_messages;\nDROP FUNCTION IF EXISTS replyx_sync_dialog_messages_content_normalized();", step.Rollback);
        Assert.Equal((true, SyncSpec.DefaultLockTimeout, SyncSpec.DefaultRetries), (step.Transactional, step.LockTimeout, step.Retries));
    }

    [Fact]
    public void A_sync_down_expression_needs_exactly_one_old_column()
    {
        var (_, diagnostics) = Parse(
            """
              - name: keep it in step
                sync: { table: dialog_messages, column: c, from: [a, b], up: a || b, down: c }
            """ + "\n");

        Assert.Contains("down of sync of step 'keep it in step' writes one old column; 'from' names 2.", Messages(diagnostics));
    }

    [Fact]
    public void A_long_trigger_name_is_fitted_under_63_bytes()
    {
        var sync = new SyncSpec { Table = "a_table_with_a_rather_long_name_for_messages", Column = "a_column_with_an_equally_long_name_x", From = ["a"], Up = "a" };

        Assert.True(SyncSql.FunctionName(sync).Length <= 63);
        Assert.StartsWith("replyx_sync_a_table_with_a_rather_long_name_for_me", SyncSql.FunctionName(sync));
        Assert.NotEqual(SyncSql.FunctionName(sync), SyncSql.FunctionName(sync with { Column = "a_column_with_an_equally_long_name_y" }));
    }
}
