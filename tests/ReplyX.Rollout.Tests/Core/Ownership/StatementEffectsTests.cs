using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Ownership;

namespace ReplyX.Rollout.Tests.Core.Ownership;

public sealed class StatementEffectsTests
{
    [Theory]
    [InlineData("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON dialogs (user_id)", "Create index ix_a on dialogs")]
    [InlineData("CREATE UNIQUE INDEX ix_b ON ONLY public.dialogs USING btree (id)", "Create index ix_b on public.dialogs")]
    [InlineData("CREATE INDEX ON dialogs (user_id)", "")]
    [InlineData("CREATE TABLE IF NOT EXISTS \"Notes\" (id int)", "Create table Notes")]
    [InlineData("CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$", "Create function f")]
    [InlineData("DROP INDEX CONCURRENTLY IF EXISTS ix_a", "Drop index ix_a")]
    [InlineData("DROP TABLE IF EXISTS a, b CASCADE", "Drop table a | Drop table b")]
    [InlineData("DROP FUNCTION IF EXISTS f(real[], integer), g(int)", "Drop function f | Drop function g")]
    [InlineData("ALTER TABLE dialogs ADD COLUMN IF NOT EXISTS archived boolean, DROP COLUMN old", "Create column archived on dialogs | Drop column old on dialogs")]
    [InlineData("ALTER TABLE dialogs ADD CONSTRAINT c CHECK (x > 0) NOT VALID", "Create constraint c on dialogs")]
    [InlineData("ALTER TABLE dialogs ADD PRIMARY KEY USING INDEX ix", "")]
    [InlineData("ALTER TABLE dialogs DROP CONSTRAINT IF EXISTS c, ALTER COLUMN t TYPE text", "Drop constraint c on dialogs | Alter column t on dialogs")]
    [InlineData("ALTER TABLE dialogs RENAME COLUMN a TO b", "Rename column a on dialogs")]
    [InlineData("ALTER TABLE dialogs RENAME TO chats", "Rename table dialogs")]
    [InlineData("ALTER TABLE dialogs DROP DEFAULT", "")]
    [InlineData("ALTER TABLE dialogs SET (fillfactor = 90)", "Alter table dialogs")]
    [InlineData("ALTER INDEX IF EXISTS ix_a RENAME TO ix_b", "Rename index ix_a")]
    [InlineData("UPDATE knowledge_embeddings SET ivf_list = NULL, (a, b) = (1, 2) WHERE ivf_list IS NOT NULL", "Write column ivf_list on knowledge_embeddings | Write column a on knowledge_embeddings | Write column b on knowledge_embeddings")]
    [InlineData("DELETE FROM t WHERE id = 1", "")]
    [InlineData("DO $$ BEGIN DROP INDEX x; END $$", "")]
    public void Each_statement_names_what_it_changes(string sql, string expected)
    {
        var effects = StatementEffects.Read(SqlStatement.Split(sql).Single());
        Assert.Equal(expected, string.Join(" | ", effects.Select(e => $"{e.Change} {e.Object.Kind.ToString().ToLowerInvariant()} {e.Object.Name}{(e.Object.Table is null ? "" : $" on {e.Object.Table}")}")));
    }

    [Fact]
    public void A_creation_keeps_its_definition_as_written_after_the_name()
    {
        var index = StatementEffects.Read(SqlStatement.Split("CREATE UNIQUE INDEX CONCURRENTLY ix ON t USING gin (to_tsvector('english', c)) WHERE c IS NOT NULL").Single()).Single();
        var column = StatementEffects.Read(SqlStatement.Split("ALTER TABLE t ADD COLUMN c numeric(10, 2) NOT NULL DEFAULT 0, ADD COLUMN d int").Single())[0];

        Assert.True(index.Unique);
        Assert.Equal("USING gin (to_tsvector('english', c)) WHERE c IS NOT NULL", index.Definition);
        Assert.Equal("numeric(10, 2) NOT NULL DEFAULT 0", column.Definition);
    }

    [Theory]
    [InlineData("ix", "public.ix", true)]
    [InlineData("public.ix", "other.ix", false)]
    [InlineData("ix", "ix2", false)]
    public void Names_match_by_their_last_part_and_by_schema_when_both_name_one(string a, string b, bool same) =>
        Assert.Equal(same, new SchemaObject(SchemaObjectKind.Index, a).SameAs(new SchemaObject(SchemaObjectKind.Index, b)));
}
