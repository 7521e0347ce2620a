using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Ownership;

namespace ReplyX.Rollout.Tests.Core.Ownership;

public sealed class OwnershipRulesTests
{
    private static readonly SchemaObject Index = new(SchemaObjectKind.Index, "ix_a", "t");

    [Fact]
    public void An_identical_object_is_adopted_and_its_creating_statement_skipped()
    {
        var statements = SqlStatement.Split("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON t (x); CREATE INDEX CONCURRENTLY ix_b ON t (y)");
        var probe = new ProbeResult([new ObjectFinding(Index, OwnershipVerdict.Identical, "def", "def"), new ObjectFinding(new SchemaObject(SchemaObjectKind.Index, "ix_b", "t"), OwnershipVerdict.New, null, null)], []);

        var (plan, added) = OwnershipRules.PlanApply(statements, [], probe, 1, "expand");

        Assert.Null(plan.Refusal);
        Assert.Equal([0], plan.Skip.Keys);
        Assert.Equal([ObjectAction.Adopted, ObjectAction.Created], added.Select(a => a.Action));
        Assert.Equal([false, true], added.Select(a => a.Owns));
    }

    [Theory]
    [InlineData(OwnershipVerdict.Different)]
    [InlineData(OwnershipVerdict.Unknown)]
    public void A_different_or_uncomparable_object_refuses_the_step_with_both_definitions(OwnershipVerdict verdict)
    {
        var probe = new ProbeResult([new ObjectFinding(Index, verdict, "CREATE INDEX ix_a ON t (x)", "CREATE INDEX ix_a ON t (x, y)", "probe failed")], []);

        var (plan, added) = OwnershipRules.PlanApply(SqlStatement.Split("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON t (x, y)"), [], probe, 2, "expand");

        Assert.Contains("existing: CREATE INDEX ix_a ON t (x)", plan.Refusal);
        Assert.Contains("CREATE INDEX ix_a ON t (x, y)", plan.Refusal);
        Assert.Equal(ObjectAction.Refused, added.Single().Action);
        Assert.False(added.Single().Owns);
    }

    [Fact]
    public void An_invalid_leftover_is_rebuilt_and_owned()
    {
        var (_, added) = OwnershipRules.PlanApply(SqlStatement.Split("CREATE INDEX CONCURRENTLY ix_a ON t (x)"), [],
            new ProbeResult([new ObjectFinding(Index, OwnershipVerdict.Invalid, "def", null)], []), 1, "expand");

        Assert.True(added.Single().Owns);
        Assert.True(added.Single().ExistedBefore);
    }

    [Fact]
    public void A_rollback_skips_what_existed_before_the_run_and_keeps_what_the_run_created()
    {
        var ledger = new List<OwnedObject>
        {
            new(Index, 1, "expand", ExistedBefore: true, ObjectAction.Adopted),
            new(new SchemaObject(SchemaObjectKind.Table, "notes"), 2, "expand", ExistedBefore: false, ObjectAction.Created),
            new(new SchemaObject(SchemaObjectKind.Column, "c", "t"), 3, "expand", ExistedBefore: true, ObjectAction.Referenced),
        };
        var statements = SqlStatement.Split(
            """
            DROP INDEX CONCURRENTLY IF EXISTS ix_a;
            DROP TABLE IF EXISTS notes;
            UPDATE t SET c = NULL;
            ALTER TABLE notes DROP COLUMN extra;
            DROP INDEX IF EXISTS ix_stranger;
            DROP INDEX IF EXISTS ix_gone;
            DO $$ BEGIN END $$
            """);

        var plan = OwnershipRules.PlanUndo(statements, ledger,
            [new ObjectPresence(new SchemaObject(SchemaObjectKind.Index, "ix_stranger"), true), new ObjectPresence(new SchemaObject(SchemaObjectKind.Index, "ix_gone"), false)]);

        Assert.Equal([0, 2, 4], plan.Skip.Keys.Order());
        Assert.Contains("adopted by expand step 1", plan.Skip[0]);
        Assert.Contains("write column t.c, which existed before the run", plan.Skip[2]);
        Assert.Contains("no step of this run created", plan.Skip[4]);
        Assert.Contains("anonymous block", Assert.Single(plan.Notes));
    }

    [Fact]
    public void Objects_an_earlier_step_named_are_not_probed_again()
    {
        var ledger = new List<OwnedObject> { new(new SchemaObject(SchemaObjectKind.Function, "f"), 1, "expand", false, ObjectAction.Created) };

        var toProbe = OwnershipRules.ToProbe(SqlStatement.Split("CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$; CREATE INDEX CONCURRENTLY ix ON t (x)"), ledger);

        Assert.Equal(["ix"], toProbe.Select(e => e.Object.Name));
    }
}
