using ReplyX.Rollout.Core.Diagnostics;

namespace ReplyX.Rollout.Core.Lint;

/// <summary>The rule catalog. Ids are stable: suppressions and the README name them.</summary>
public static class LintRules
{
    public static readonly LintRule CreateIndexNotConcurrently = new("RXL001", "create-index-not-concurrently", DiagnosticSeverity.Error,
        "CREATE INDEX without CONCURRENTLY holds a SHARE lock that blocks every write to the table for the whole build (R002).",
        "CREATE INDEX CONCURRENTLY ... in a non-transactional step.", AppliesToRollback: true);

    public static readonly LintRule DropIndexNotConcurrently = new("RXL002", "drop-index-not-concurrently", DiagnosticSeverity.Error,
        "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table; queued behind a long query it stops all traffic.",
        "DROP INDEX CONCURRENTLY IF EXISTS ... (one index per statement, no CASCADE).", AppliesToRollback: true);

    public static readonly LintRule ConcurrentlyInTransaction = new("RXL003", "concurrently-in-transaction", DiagnosticSeverity.Error,
        "CONCURRENTLY operations and VACUUM cannot run inside a transaction block; the step would fail at once.",
        "Leave 'transaction' unset or false for steps with CONCURRENTLY; the controller runs them one statement at a time.", AppliesToRollback: true);

    public static readonly LintRule VolatileDefault = new("RXL004", "volatile-default", DiagnosticSeverity.Error,
        "ADD COLUMN with a volatile DEFAULT (random(), gen_random_uuid(), clock_timestamp(), nextval()) rewrites the whole table under ACCESS EXCLUSIVE.",
        "Add the column without a default (or with a constant), set the default, then backfill in batches.", AppliesToRollback: false);

    public static readonly LintRule ColumnTypeChange = new("RXL005", "alter-column-type", DiagnosticSeverity.Error,
        "ALTER COLUMN ... TYPE rewrites the table and its indexes under ACCESS EXCLUSIVE for most type changes.",
        "Add a new column, backfill in batches, switch readers behind the flag, drop the old column in contract.", AppliesToRollback: false);

    public static readonly LintRule SetNotNull = new("RXL006", "set-not-null", DiagnosticSeverity.Error,
        "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE to prove no NULL exists.",
        "ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT; then SET NOT NULL (PostgreSQL 12+ uses the valid check).", AppliesToRollback: false);

    public static readonly LintRule ConstraintWithoutNotValid = new("RXL007", "constraint-without-not-valid", DiagnosticSeverity.Error,
        "Adding a FOREIGN KEY or CHECK validates every existing row while holding locks that block writes.",
        "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later step (SHARE UPDATE EXCLUSIVE only).", AppliesToRollback: false);

    public static readonly LintRule UniqueWithoutDuplicatesCheck = new("RXL008", "unique-index-without-duplicates-check", DiagnosticSeverity.Error,
        "A unique index over rows that already collide fails late and leaves an INVALID index that still enforces uniqueness (R005).",
        "Declare preflight.duplicates for the table and columns so the controller refuses to start on colliding rows.", AppliesToRollback: false);

    public static readonly LintRule DropOutsideContract = new("RXL009", "drop-outside-contract", DiagnosticSeverity.Error,
        "Dropping a table or column before every reader has moved off it loses data and breaks the control path (R001).",
        "Move the DROP into 'contract', which runs only after 100% has baked.", AppliesToRollback: false);

    public static readonly LintRule TableRewrite = new("RXL010", "table-rewrite", DiagnosticSeverity.Error,
        "VACUUM FULL and CLUSTER rewrite the table under ACCESS EXCLUSIVE: downtime for its whole duration.",
        "Plain VACUUM, or an online repack tool outside the phase.", AppliesToRollback: true);

    public static readonly LintRule MissingLockTimeout = new("RXL011", "missing-lock-timeout", DiagnosticSeverity.Error,
        "A statement that takes a blocking lock without lock_timeout can wait behind a long query while every other query waits behind it.",
        "Give the step 'lockTimeout: 2s' (and 'retries') so it gives up quickly and tries again.", AppliesToRollback: true);

    public static readonly LintRule ShortLockTimeoutOnConcurrentBuild = new("RXL012", "short-lock-timeout-on-concurrent-build", DiagnosticSeverity.Warning,
        "lock_timeout also applies to CONCURRENTLY's internal waits: a short one kills the build late and leaves an INVALID index.",
        "Give concurrent builds a long (or no) lockTimeout and a statementTimeout instead.", AppliesToRollback: false);

    public static readonly LintRule Rename = new("RXL013", "rename", DiagnosticSeverity.Warning,
        "Renaming a table or column breaks every running instance that still uses the old name.",
        "Add the new name (view or column), move readers behind the flag, drop the old name in contract.", AppliesToRollback: false);

    public static readonly LintRule ReindexNotConcurrently = new("RXL014", "reindex-not-concurrently", DiagnosticSeverity.Error,
        "REINDEX without CONCURRENTLY blocks writes (and reads that use the index) for the whole rebuild.",
        "REINDEX INDEX CONCURRENTLY ...; check for leftover _ccnew/_ccold indexes on failure.", AppliesToRollback: true);

    public static readonly LintRule UniqueConstraintWithoutIndex = new("RXL015", "unique-constraint-without-index", DiagnosticSeverity.Error,
        "ADD PRIMARY KEY / UNIQUE builds its index under ACCESS EXCLUSIVE.",
        "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX.", AppliesToRollback: false);

    public static readonly LintRule OpaqueBlock = new("RXL016", "opaque-block", DiagnosticSeverity.Warning,
        "The body of a DO block is not linted: its statements get none of these checks.",
        "Prefer plain statements; keep DO blocks to what plain SQL cannot say.", AppliesToRollback: true);

    public static IReadOnlyList<LintRule> All { get; } =
    [
        CreateIndexNotConcurrently, DropIndexNotConcurrently, ConcurrentlyInTransaction, VolatileDefault, ColumnTypeChange,
        SetNotNull, ConstraintWithoutNotValid, UniqueWithoutDuplicatesCheck, DropOutsideContract, TableRewrite,
        MissingLockTimeout, ShortLockTimeoutOnConcurrentBuild, Rename, ReindexNotConcurrently, UniqueConstraintWithoutIndex, OpaqueBlock,
    ];
}
