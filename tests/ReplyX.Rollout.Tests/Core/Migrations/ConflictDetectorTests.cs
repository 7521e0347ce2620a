using ReplyX.Rollout.Core.Migrations;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Core.Migrations;

public sealed class ConflictDetectorTests
{
    private static string Examples(string name) => Path.Combine(RepositoryPaths.Examples, "migrations", name);

    [Fact]
    public void The_shipped_chain_is_one_line_of_45_migrations_without_conflicts()
    {
        var set = MigrationSet.Load(Examples("chain"));

        Assert.Equal(MigrationFormat.RevisionGraph, set.Format);
        Assert.Equal(45, set.Migrations.Count);
        Assert.Single(set.Heads());
        Assert.Empty(ConflictDetector.Find(set));
    }

    [Fact]
    public void Every_planted_conflict_is_found_and_nothing_else()
    {
        var found = ConflictDetector.Find(MigrationSet.Load(Examples("conflicting")))
            .Select(c => $"{c.Kind}: {string.Join(" ", c.Files.Order(StringComparer.Ordinal))}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(
        [
            "branch-overlap: a3_users_email_length.py a4_users_email_default.py",
            "dropped-then-referenced: a5_drop_legacy_topic.py a6_index_legacy_topic.py",
            "missing-parent: a7_create_tags.py",
            "multiple-heads: a3_users_email_length.py a6_index_legacy_topic.py a7_create_tags.py",
        ], found);
    }

    [Fact]
    public void Overlap_names_the_shared_column()
    {
        var overlap = ConflictDetector.Find(MigrationSet.Load(Examples("conflicting"))).Single(c => c.Kind == MigrationConflict.BranchOverlap);
        Assert.EndsWith("both change users.email", overlap.Message);
    }

    [Fact]
    public void Ordered_sql_files_with_the_same_number_are_two_heads_and_a_dropped_column_used_later_is_reported()
    {
        using var dir = new TempDirectory();
        dir.Write("0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text, legacy text);");
        dir.Write("0002_drop_legacy.sql", "ALTER TABLE users DROP COLUMN legacy;");
        dir.Write("0003_backfill.sql", "UPDATE users SET legacy = 'x' WHERE legacy IS NULL;");
        dir.Write("0004_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
        dir.Write("0004_invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);");

        var set = MigrationSet.Load(dir.Path);
        var found = ConflictDetector.Find(set).Select(c => c.Kind).Order(StringComparer.Ordinal);

        Assert.Equal(MigrationFormat.OrderedSql, set.Format);
        Assert.Equal(["dropped-then-referenced", "multiple-heads"], found);
    }

    [Fact]
    public void A_column_dropped_and_added_again_before_use_is_not_a_conflict()
    {
        using var dir = new TempDirectory();
        dir.Write("0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, legacy text);");
        dir.Write("0002_drop.sql", "ALTER TABLE users DROP COLUMN legacy;");
        dir.Write("0003_add.sql", "ALTER TABLE users ADD COLUMN legacy integer;");
        dir.Write("0004_use.sql", "CREATE INDEX ix_users_legacy ON users (legacy);");

        Assert.Empty(ConflictDetector.Find(MigrationSet.Load(dir.Path)));
    }

    [Fact]
    public void Sql_files_with_revision_headers_form_a_graph_and_a_merge_joins_two_heads()
    {
        using var dir = new TempDirectory();
        dir.Write("a.sql", "-- revision: a\n-- down_revision: none\nCREATE TABLE t (id int);");
        dir.Write("b.sql", "-- revision: b\n-- down_revision: a\nCREATE TABLE u (id int);");
        dir.Write("c.sql", "-- revision: c\n-- down_revision: a\nCREATE TABLE v (id int);");
        dir.Write("d.sql", "-- revision: d\n-- down_revision: b, c\nSELECT 1;");

        var set = MigrationSet.Load(dir.Path);

        Assert.Equal(["b", "c"], set.Find("d")!.DownRevisions);
        Assert.Equal("d", Assert.Single(set.Heads()).Revision);
        Assert.Empty(ConflictDetector.Find(set));
    }

    [Fact]
    public void An_alembic_file_using_other_ops_is_marked_unsupported_for_apply()
    {
        using var dir = new TempDirectory();
        dir.Write("x.py", "revision = \"x1\"\ndown_revision = None\n\ndef upgrade():\n    op.create_table(\"t\")\n    op.execute(\"SELECT 1\")\n\ndef downgrade():\n    pass\n");

        var migration = Assert.Single(MigrationSet.Load(dir.Path).Migrations);

        Assert.Equal("SELECT 1;", migration.Sql);
        Assert.Equal("uses op.create_table; only op.execute(SQL) can be applied here", migration.Unsupported);
    }
}
