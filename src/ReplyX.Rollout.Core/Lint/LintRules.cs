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

    public static readonly LintRule SerialOrIdentityColumn = new("RXL017", "add-serial-or-identity-column", DiagnosticSeverity.Error,
        "Adding a serial or identity column to an existing table fills every row: a full rewrite under ACCESS EXCLUSIVE.",
        "Add a plain bigint column, backfill it in batches from a sequence, then set its default and (concurrently built) key.", AppliesToRollback: false);

    public static readonly LintRule NotNullWithoutDefault = new("RXL018", "not-null-column-without-default", DiagnosticSeverity.Error,
        "ADD COLUMN ... NOT NULL without a DEFAULT fails on a table with rows, and any writer that omits it fails after.",
        "Add it nullable (or with a constant DEFAULT), backfill, then add a NOT VALID check, validate it and SET NOT NULL.", AppliesToRollback: false);

    public static readonly LintRule DropDatabase = new("RXL019", "drop-database", DiagnosticSeverity.Error,
        "DROP DATABASE has no place in a phase: nothing after it can be rolled back.",
        "Drop databases by hand, outside the rollout, after a verified backup.", AppliesToRollback: true);

    public static readonly LintRule TruncateCascade = new("RXL020", "truncate-cascade", DiagnosticSeverity.Error,
        "TRUNCATE ... CASCADE empties every table that references this one, however many that is today.",
        "Name each table to empty; delete referencing rows in batches if only some must go.", AppliesToRollback: true);

    public static readonly LintRule TransactionNesting = new("RXL021", "transaction-nesting", DiagnosticSeverity.Error,
        "The controller owns a step's transaction (with its journal row): BEGIN, COMMIT or ROLLBACK inside a step breaks the step's atomicity and its record.",
        "Remove the transaction statements; set 'transaction: false' to run statements one by one, or split the step.", AppliesToRollback: true);

    public static readonly LintRule AlterDomainAddConstraint = new("RXL022", "alter-domain-add-constraint", DiagnosticSeverity.Error,
        "ALTER DOMAIN ... ADD CONSTRAINT checks every column of every table using the domain while holding their locks.",
        "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later step.", AppliesToRollback: false);

    public static readonly LintRule EnumValueOutOfOrder = new("RXL023", "enum-value-out-of-order", DiagnosticSeverity.Warning,
        "ADD VALUE ... BEFORE/AFTER puts an enum value out of its creation order: comparisons of the type get slower for good, and an enum value can never be removed.",
        "Add new values at the end (no BEFORE/AFTER); order in the application if order matters.", AppliesToRollback: false);

    public static readonly LintRule IdentifierTooLong = new("RXL024", "identifier-too-long", DiagnosticSeverity.Error,
        "PostgreSQL silently truncates identifiers to 63 bytes: the object gets another name than the file says, and the rollback or a later step names one that does not exist.",
        "Use a name of at most 63 bytes.", AppliesToRollback: true);

    public static readonly LintRule DetachPartitionNotConcurrently = new("RXL025", "detach-partition-not-concurrently", DiagnosticSeverity.Error,
        "DETACH PARTITION takes ACCESS EXCLUSIVE on the parent: every query on the partitioned table waits.",
        "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY in a non-transactional step (PostgreSQL 14+).", AppliesToRollback: true);

    public static readonly LintRule LongStatementWithoutTimeout = new("RXL026", "long-statement-without-statement-timeout", DiagnosticSeverity.Warning,
        "UPDATE, DELETE, INSERT ... SELECT and REFRESH MATERIALIZED VIEW hold their locks for as long as they run; with no statement_timeout that can be hours.",
        "Give the step a 'statementTimeout' it must finish within; use a backfill step for large UPDATEs.", AppliesToRollback: true);

    public static IReadOnlyList<LintRule> All { get; } =
    [
        CreateIndexNotConcurrently, DropIndexNotConcurrently, ConcurrentlyInTransaction, VolatileDefault, ColumnTypeChange,
        SetNotNull, ConstraintWithoutNotValid, UniqueWithoutDuplicatesCheck, DropOutsideContract, TableRewrite,
        MissingLockTimeout, ShortLockTimeoutOnConcurrentBuild, Rename, ReindexNotConcurrently, UniqueConstraintWithoutIndex, OpaqueBlock,
        SerialOrIdentityColumn, NotNullWithoutDefault, DropDatabase, TruncateCascade, TransactionNesting, AlterDomainAddConstraint,
        EnumValueOutOfOrder, IdentifierTooLong, DetachPartitionNotConcurrently, LongStatementWithoutTimeout,
    ];
}
