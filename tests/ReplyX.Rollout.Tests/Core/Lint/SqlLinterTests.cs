using ReplyX.Rollout.Core.Diagnostics;
using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Tests.Core.Lint;

/// <summary>Every rule with a statement that breaks it and a close one that does not.</summary>
public sealed class SqlLinterTests
{
    [Theory]
    [InlineData("RXL001", "CREATE INDEX ix ON dialogs (user_id);")]
    [InlineData("RXL001", "CREATE UNIQUE INDEX IF NOT EXISTS ix ON ONLY public.dialogs (user_id);")]
    [InlineData("RXL002", "DROP INDEX IF EXISTS ix;")]
    [InlineData("RXL004", "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();")]
    [InlineData("RXL004", "ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();")]
    [InlineData("RXL005", "ALTER TABLE users ALTER COLUMN id TYPE numeric;")]
    [InlineData("RXL005", "ALTER TABLE users ALTER id SET DATA TYPE numeric;")]
    [InlineData("RXL006", "ALTER TABLE dialogs ALTER COLUMN title SET NOT NULL;")]
    [InlineData("RXL007", "ALTER TABLE dialogs ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);")]
    [InlineData("RXL007", "ALTER TABLE dialogs ADD CONSTRAINT ck CHECK (length(title) > 0);")]
    [InlineData("RXL007", "ALTER TABLE dialogs ADD COLUMN owner bigint REFERENCES users (id);")]
    [InlineData("RXL008", "CREATE UNIQUE INDEX CONCURRENTLY ix ON dialogs (user_id, title);")]
    [InlineData("RXL009", "DROP TABLE IF EXISTS dialogs;")]
    [InlineData("RXL009", "ALTER TABLE users DROP COLUMN plan;")]
    [InlineData("RXL010", "VACUUM FULL dialog_messages;")]
    [InlineData("RXL010", "CLUSTER dialog_messages USING ix;")]
    [InlineData("RXL011", "ALTER TABLE users ADD COLUMN nickname text;")]
    [InlineData("RXL013", "ALTER TABLE users RENAME COLUMN plan TO tier;")]
    [InlineData("RXL014", "REINDEX INDEX ix;")]
    [InlineData("RXL015", "ALTER TABLE dialogs ADD CONSTRAINT uq UNIQUE (user_id, title);")]
    [InlineData("RXL015", "ALTER TABLE dialogs ADD PRIMARY KEY (id);")]
    [InlineData("RXL016", "DO $$ BEGIN CREATE INDEX ix ON dialogs (user_id); END $$;")]
    [InlineData("RXL017", "ALTER TABLE dialogs ADD COLUMN seq bigserial;")]
    [InlineData("RXL017", "ALTER TABLE dialogs ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;")]
    [InlineData("RXL018", "ALTER TABLE dialogs ADD COLUMN tier text NOT NULL;")]
    [InlineData("RXL018", "ALTER TABLE dialogs ADD COLUMN a int, ADD tier text NOT NULL;")]
    [InlineData("RXL019", "DROP DATABASE replyx;")]
    [InlineData("RXL020", "TRUNCATE users CASCADE;")]
    [InlineData("RXL021", "BEGIN; ALTER TABLE users ADD COLUMN a int; COMMIT;")]
    [InlineData("RXL021", "START TRANSACTION ISOLATION LEVEL SERIALIZABLE;")]
    [InlineData("RXL022", "ALTER DOMAIN email ADD CONSTRAINT email_at CHECK (VALUE LIKE '%@%');")]
    [InlineData("RXL023", "ALTER TYPE plan ADD VALUE 'team' BEFORE 'enterprise';")]
    [InlineData("RXL024", "CREATE INDEX CONCURRENTLY ix_dialog_messages_by_dialog_and_created_at_newest_first_for_paging ON dialogs (user_id);")]
    [InlineData("RXL025", "ALTER TABLE events DETACH PARTITION events_2025;")]
    [InlineData("RXL026", "UPDATE users SET plan = 'free' WHERE plan IS NULL;")]
    [InlineData("RXL026", "DELETE FROM dialog_messages WHERE created_at < now() - interval '2 years';")]
    [InlineData("RXL026", "INSERT INTO dialogs_archive SELECT * FROM dialogs;")]
    public void Breaking_statements_are_found(string rule, string sql) =>
        Assert.Contains(rule, Rules(Step(sql)));

    [Theory]
    [InlineData("RXL001", "CREATE INDEX CONCURRENTLY ix ON dialogs (user_id);")]
    [InlineData("RXL001", "CREATE TABLE fresh (id int, v int); CREATE INDEX ix_fresh ON fresh (v);")]
    [InlineData("RXL001", "-- CREATE INDEX ix ON dialogs (user_id);\nSELECT 1;")]
    [InlineData("RXL002", "DROP INDEX CONCURRENTLY IF EXISTS ix;")]
    [InlineData("RXL004", "ALTER TABLE users ADD COLUMN score integer DEFAULT 0;")]
    [InlineData("RXL004", "ALTER TABLE users ADD COLUMN added_at timestamptz DEFAULT now();")]
    [InlineData("RXL005", "ALTER TABLE users ADD COLUMN \"type\" text;")]
    [InlineData("RXL006", "ALTER TABLE dialogs ALTER COLUMN title DROP NOT NULL;")]
    [InlineData("RXL007", "ALTER TABLE dialogs ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;")]
    [InlineData("RXL007", "ALTER TABLE dialogs VALIDATE CONSTRAINT fk;")]
    [InlineData("RXL009", "SELECT 'DROP TABLE dialogs';")]
    [InlineData("RXL010", "VACUUM (ANALYZE) dialog_messages;")]
    [InlineData("RXL013", "ALTER TABLE users ADD COLUMN renamed_at timestamptz;")]
    [InlineData("RXL014", "REINDEX INDEX CONCURRENTLY ix;")]
    [InlineData("RXL015", "ALTER TABLE dialogs ADD CONSTRAINT uq UNIQUE USING INDEX ix_uq;")]
    [InlineData("RXL016", "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ CREATE INDEX ix ON dialogs (user_id) $$;")]
    [InlineData("RXL017", "ALTER TABLE dialogs ADD COLUMN seq bigint;")]
    [InlineData("RXL017", "CREATE TABLE fresh (id bigserial PRIMARY KEY);")]
    [InlineData("RXL018", "ALTER TABLE dialogs ADD COLUMN tier text NOT NULL DEFAULT 'free';")]
    [InlineData("RXL018", "ALTER TABLE dialogs ADD CONSTRAINT tier_set CHECK (tier IS NOT NULL) NOT VALID;")]
    [InlineData("RXL018", "ALTER TABLE dialogs ALTER COLUMN tier DROP NOT NULL;")]
    [InlineData("RXL019", "DROP TABLE IF EXISTS database_sizes;")]
    [InlineData("RXL020", "TRUNCATE scratch_rows;")]
    [InlineData("RXL021", "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; END $$;")]
    [InlineData("RXL022", "ALTER DOMAIN email ADD CONSTRAINT email_at CHECK (VALUE LIKE '%@%') NOT VALID;")]
    [InlineData("RXL023", "ALTER TYPE plan ADD VALUE IF NOT EXISTS 'team';")]
    [InlineData("RXL024", "CREATE INDEX CONCURRENTLY ix_dialog_messages_dialog_created ON dialogs (user_id);")]
    [InlineData("RXL025", "ALTER TABLE events DETACH PARTITION events_2025 CONCURRENTLY;")]
    [InlineData("RXL026", "CREATE INDEX CONCURRENTLY ix ON dialogs (user_id);")]
    [InlineData("RXL026", "INSERT INTO settings VALUES ('a', 1);")]
    public void Safe_statements_are_not_flagged(string rule, string sql) =>
        Assert.DoesNotContain(rule, Rules(Step(sql, lockTimeout: TimeSpan.FromSeconds(2))));

    [Theory]
    [InlineData("UPDATE users SET plan = 'free' WHERE plan IS NULL;")]
    [InlineData("REFRESH MATERIALIZED VIEW CONCURRENTLY dialog_stats;")]
    public void A_long_statement_with_a_statement_timeout_is_not_flagged(string sql) =>
        Assert.DoesNotContain("RXL026", Rules(Step(sql) with { StatementTimeout = TimeSpan.FromMinutes(30) }));

    [Fact]
    public void Concurrently_inside_an_explicit_transaction_is_flagged_and_auto_is_not()
    {
        const string sql = "CREATE INDEX CONCURRENTLY ix ON dialogs (user_id);";

        Assert.Contains("RXL003", Rules(Step(sql) with { Transactional = true }));
        Assert.DoesNotContain("RXL003", Rules(Step(sql)));
        Assert.DoesNotContain("RXL003", Rules(Step(sql) with { Transactional = false }));
    }

    [Fact]
    public void Unique_index_passes_with_a_declared_duplicates_check()
    {
        var phase = Phase() with { Preflight = new PreflightSpec { Duplicates = [new DuplicatesCheck("public.dialogs", ["user_id", "title"])] } };
        var step = Step("CREATE UNIQUE INDEX CONCURRENTLY ix ON dialogs (user_id, title);");

        Assert.DoesNotContain("RXL008", SqlLinter.Lint(phase, step).Select(f => f.Rule.Id));
    }

    [Fact]
    public void Drops_are_allowed_in_contract_steps_and_in_rollbacks()
    {
        var contract = Step("DROP TABLE IF EXISTS legacy;", lockTimeout: TimeSpan.FromSeconds(2)) with { Kind = StepKind.Contract };
        var expandWithRollback = Step("CREATE TABLE IF NOT EXISTS fresh (id int);") with { Rollback = "DROP TABLE IF EXISTS fresh;", LockTimeout = TimeSpan.FromSeconds(2) };

        Assert.Empty(Rules(contract));
        Assert.Empty(Rules(expandWithRollback));
    }

    [Fact]
    public void Lock_timeout_is_required_for_blocking_statements_and_not_for_concurrent_builds()
    {
        Assert.Contains("RXL011", Rules(Step("ALTER TABLE users ADD COLUMN nickname text;")));
        Assert.DoesNotContain("RXL011", Rules(Step("ALTER TABLE users ADD COLUMN nickname text;", lockTimeout: TimeSpan.FromSeconds(2))));
        Assert.DoesNotContain("RXL011", Rules(Step("CREATE INDEX CONCURRENTLY ix ON dialogs (user_id);")));
    }

    [Fact]
    public void A_short_lock_timeout_on_a_concurrent_build_is_a_warning()
    {
        var finding = Assert.Single(SqlLinter.Lint(Phase(), Step("CREATE INDEX CONCURRENTLY ix ON dialogs (user_id);", lockTimeout: TimeSpan.FromSeconds(5))));

        Assert.Equal(("RXL012", DiagnosticSeverity.Warning), (finding.Rule.Id, finding.Rule.Severity));
        Assert.Empty(Rules(Step("CREATE INDEX CONCURRENTLY ix ON dialogs (user_id);", lockTimeout: TimeSpan.FromMinutes(10))));
    }

    [Fact]
    public void Rollback_sql_is_linted_for_lock_safety()
    {
        var step = Step("CREATE INDEX CONCURRENTLY ix ON dialogs (user_id);") with { Rollback = "DROP INDEX ix;" };
        var findings = SqlLinter.Lint(Phase(), step);

        Assert.Contains(findings, f => f.Rule.Id == "RXL002" && f.InRollback);
        Assert.DoesNotContain(findings, f => !f.InRollback);
    }

    [Fact]
    public void Several_statements_per_step_are_linted_each_at_its_own_position()
    {
        var step = Step("-- two statements\nALTER TABLE users ADD COLUMN a text;\n  ALTER TABLE users ALTER COLUMN a SET NOT NULL;", lockTimeout: TimeSpan.FromSeconds(2))
            with { SqlPosition = new SourcePosition(10, 7) };

        var finding = Assert.Single(SqlLinter.Lint(Phase(), step));

        Assert.Equal("RXL006", finding.Rule.Id);
        Assert.Equal(new SourcePosition(12, 9), finding.Position);
    }

    [Fact]
    public void A_suppression_with_a_reason_marks_the_finding_suppressed()
    {
        var step = Step("ALTER TABLE users RENAME COLUMN plan TO tier;", lockTimeout: TimeSpan.FromSeconds(2))
            with { Suppressions = [new LintSuppression("RXL013", "no reader uses the old name since v42")] };

        var finding = Assert.Single(SqlLinter.Lint(Phase(), step));

        Assert.True(finding.IsSuppressed);
        Assert.Equal("no reader uses the old name since v42", finding.SuppressedBecause);
    }

    [Fact]
    public void Every_rule_has_an_id_a_reason_and_a_safe_alternative()
    {
        Assert.Equal(LintRules.All.Count, LintRules.All.Select(r => r.Id).Distinct().Count());
        Assert.All(LintRules.All, r =>
        {
            Assert.Matches(@"^RXL\d{3}$", r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Reason));
            Assert.False(string.IsNullOrWhiteSpace(r.SafeAlternative));
        });
    }

    private static IReadOnlyList<string> Rules(PhaseStep step) => [.. SqlLinter.Lint(Phase(), step).Select(f => f.Rule.Id)];

    private static PhaseStep Step(string sql, TimeSpan? lockTimeout = null) =>
        new() { Name = "step", Sql = sql, Rollback = "SELECT 1;", LockTimeout = lockTimeout };

    private static PhaseDefinition Phase() => new() { Id = "p", Title = "P", Flag = "replyx.p" };
}
