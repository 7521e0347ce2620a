using ReplyX.Rollout.Core.Migrations;

namespace ReplyX.Rollout.Tests.Core.Migrations;

public sealed class MigrationObjectsTests
{
    [Fact]
    public void Create_table_creates_its_columns_and_references_its_foreign_keys()
    {
        var objects = MigrationObjects.Read("CREATE TABLE dialogs (id bigint PRIMARY KEY, user_id bigint REFERENCES public.users (id), CONSTRAINT c CHECK (id > 0));");

        Assert.Equal(["column dialogs.id", "column dialogs.user_id", "table dialogs"], objects.Creates.Order(StringComparer.Ordinal));
        Assert.Contains("column users.id", objects.References);
        Assert.Contains("table users", objects.References);
    }

    [Fact]
    public void Alter_table_actions_are_read_one_by_one()
    {
        var objects = MigrationObjects.Read("ALTER TABLE users ADD COLUMN IF NOT EXISTS a text, DROP COLUMN b, ALTER COLUMN c SET DEFAULT 0, RENAME COLUMN d TO e;");

        Assert.Equal(["column users.a", "column users.e"], objects.Creates.Order(StringComparer.Ordinal));
        Assert.Equal(["column users.b", "column users.d"], objects.Drops.Order(StringComparer.Ordinal));
        Assert.Equal(["users", "users.a", "users.b", "users.c", "users.d", "users.e"], objects.Changes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void References_inside_function_bodies_count()
    {
        var objects = MigrationObjects.Read("CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM audit_log $$;");
        Assert.Contains("table audit_log", objects.References);
    }
}
