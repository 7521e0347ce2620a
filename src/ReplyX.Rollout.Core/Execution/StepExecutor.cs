using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Polly;
using Polly.Retry;
using ReplyX.Rollout.Core.Backfills;
using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Core.Execution;

/// <summary>
/// Applies one step safely. Transactional steps run in one transaction with <c>SET LOCAL</c> timeouts and their
/// journal row, so they roll back on their own (level 1) and never apply twice. Steps with CONCURRENTLY run one
/// statement at a time outside any transaction on a connection of their own; after every index build the index
/// is checked valid and an INVALID one is dropped before the retry. Lock timeouts, serialization failures,
/// deadlocks and dropped connections are retried with exponential backoff.
/// </summary>
public sealed class StepExecutor(string targetConnectionString, TimeProvider time, long epoch = 0)
{
    /// <summary>How a DDL session names its leader's epoch, so a new leader can end the sessions of older ones.</summary>
    public const string EpochPattern = "^replyx-rollout-ddl e([0-9]+)$";

    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(targetConnectionString)
    {
        // Session-level SETs must not leak into a pool (POSTGRES-FACTS), so DDL gets connections of its own.
        Pooling = false,
        ApplicationName = ApplicationName(epoch),
    }.ConnectionString;

    public static string ApplicationName(long epoch) => $"replyx-rollout-ddl e{epoch}";

    /// <summary>The database the run pinned at preflight: every DDL connection checks it reaches that one before it claims anything.</summary>
    public TargetIdentity? ExpectedTarget { get; init; }

    /// <summary>Where a backfill reads its evidence and records its pace; null runs it on replication lag and lock waits alone.</summary>
    public IBackfillObserver? BackfillObserver { get; init; }

    /// <summary>The phase's latency guardrail line (e.g. 0.2): a backfill slows at half of it and stops over it.</summary>
    public double BackfillP95Limit { get; init; } = 0.2;

    /// <summary>First retry delay; later ones back off exponentially with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A backfill never does (each batch is a transaction of its own); other steps as the file says, else unless CONCURRENTLY or VACUUM.</summary>
    public static bool RunsInTransaction(StepRequest step) =>
        step.Backfill is null && (step.Transactional ?? !SqlStatement.Split(step.Sql).Select(DdlStatement.Read)
            .Any(d => d.Concurrently || d.Kind is DdlKind.Vacuum or DdlKind.VacuumFull));

    public async Task<StepOutcome> ExecuteAsync(StepRequest step, IProgress<StepProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var transactional = RunsInTransaction(step);
        var retried = new List<string>();
        var dropped = new List<string>();
        var blockers = new HashSet<int>();
        var imposed = new LockWaits();
        var lockTimeouts = 0;
        var attempts = 0;
        var alreadyApplied = false;
        BackfillProgress? walked = null;

        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, step.Retries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => step.Retries > 0 && PostgresErrors.IsRetryable(e)),
                OnRetry = args =>
                {
                    retried.Add(PostgresErrors.Describe(args.Outcome.Exception!));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

        try
        {
            await pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                try
                {
                    if (step.Backfill is { } backfill)
                    {
                        (alreadyApplied, walked) = await RunBackfillAsync(step, backfill, progress, token);
                    }
                    else
                    {
                        alreadyApplied = transactional
                            ? await RunTransactionalAsync(step, blockers, imposed, progress, token)
                            : await RunStatementsAsync(step, blockers, imposed, dropped, progress, token);
                    }
                }
                catch (Exception exception) when (PostgresErrors.IsLockTimeout(exception))
                {
                    lockTimeouts++;
                    throw;
                }
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidIndexException or BackfillStoppedException)
        {
            if (!transactional)
            {
                // An interrupted build leaves an INVALID index that slows writes: never leave it behind.
                dropped.AddRange(await DropInvalidIndexesAsync(step, CancellationToken.None));
            }

            return new StepOutcome(false, false, attempts, time.GetElapsedTime(started), transactional, lockTimeouts, retried, dropped, [.. blockers],
                exception is BackfillStoppedException ? exception.Message : PostgresErrors.Describe(exception))
                { LongestWaitImposed = imposed.Longest, SessionsBlocked = imposed.Sessions.Count };
        }

        return new StepOutcome(true, alreadyApplied, attempts, time.GetElapsedTime(started), transactional, lockTimeouts, retried, dropped, [.. blockers], null)
            { LongestWaitImposed = imposed.Longest, SessionsBlocked = imposed.Sessions.Count, Backfill = walked };
    }

    /// <summary>A backfill: claimed like any non-transactional step, walked batch by batch from where the journal says it stands.</summary>
    private async Task<(bool AlreadyApplied, BackfillProgress? Walked)> RunBackfillAsync(StepRequest step, BackfillSpec backfill, IProgress<StepProgress>? progress, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (!await TargetJournal.ClaimAsync(connection, step, epoch, cancellationToken))
        {
            return (true, null);
        }

        var walked = await new BackfillRunner(backfill, step, epoch, time, BackfillObserver, BackfillP95Limit).RunAsync(connection, progress, cancellationToken);
        await TargetJournal.MarkAppliedAsync(connection, step, epoch, cancellationToken);
        return (false, walked);
    }

    private async Task<bool> RunTransactionalAsync(StepRequest step, HashSet<int> blockers, LockWaits imposed, IProgress<StepProgress>? progress, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var settings = new NpgsqlCommand(TimeoutSql(step, local: true), connection, transaction))
        {
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }

        // Claim first: a half-finished earlier attempt still in flight makes this wait, then tells us the truth.
        if (!await TargetJournal.TryClaimAsync(connection, transaction, step, epoch, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return true;
        }

        // Skipped statements (adopted objects) turn one command into the remaining statements, in the same transaction.
        var statements = step.Skip.Count == 0 ? [step.Sql] : SqlStatement.Split(step.Sql).Where((_, i) => !step.Skip.Contains(i)).Select(s => s.Text).ToList();
        foreach (var sql in statements)
        {
            await WatchAsync(connection.ProcessID, sql, blockers, imposed, progress, async token =>
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
                await command.ExecuteNonQueryAsync(token);
            }, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return false;
    }

    private async Task<bool> RunStatementsAsync(StepRequest step, HashSet<int> blockers, LockWaits imposed, List<string> dropped, IProgress<StepProgress>? progress, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Claimed before the first statement: a deposed leader that wakes up finds the claim taken or the target fenced.
        if (!await TargetJournal.ClaimAsync(connection, step, epoch, cancellationToken))
        {
            return true;
        }

        await using (var settings = new NpgsqlCommand(TimeoutSql(step, local: false), connection))
        {
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (statement, position) in SqlStatement.Split(step.Sql).Select((s, i) => (s, i)))
        {
            if (step.Skip.Contains(position))
            {
                continue;
            }

            var ddl = DdlStatement.Read(statement);
            var index = ddl.Kind == DdlKind.CreateIndex ? ddl.IndexName : null;
            if (index is not null && await IndexInspector.DropIfInvalidAsync(connection, index, cancellationToken))
            {
                dropped.Add(index);
            }
            else if (index is not null && await IndexInspector.IsValidAsync(connection, index, cancellationToken) == true)
            {
                // Built by an earlier attempt of this step: building it again would fail or do nothing.
                continue;
            }

            try
            {
                await WatchAsync(connection.ProcessID, statement.Text, blockers, imposed, progress, async token =>
                {
                    await using var command = new NpgsqlCommand(statement.Text, connection) { CommandTimeout = 0 };
                    await command.ExecuteNonQueryAsync(token);
                }, cancellationToken);
            }
            catch (PostgresException) when (index is not null && connection.State == System.Data.ConnectionState.Open)
            {
                if (await IndexInspector.DropIfInvalidAsync(connection, index, CancellationToken.None))
                {
                    dropped.Add(index);
                }

                throw;
            }

            // IF NOT EXISTS "succeeds" by skipping an INVALID index: check, whatever the statement said.
            if (index is not null && await IndexInspector.IsValidAsync(connection, index, cancellationToken) == false)
            {
                await IndexInspector.DropIfInvalidAsync(connection, index, CancellationToken.None);
                dropped.Add(index);
                throw new InvalidIndexException(index);
            }
        }

        await TargetJournal.MarkAppliedAsync(connection, step, epoch, cancellationToken);
        return false;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (ExpectedTarget is { } expected && await TargetIdentity.ReadAsync(connection, cancellationToken) is var actual && !expected.SameDatabase(actual))
        {
            await connection.DisposeAsync();
            throw new TargetMismatchException(expected, actual);
        }

        return connection;
    }

    private async Task WatchAsync(int pid, string statement, HashSet<int> blockers, LockWaits imposed, IProgress<StepProgress>? progress, Func<CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = new StatementWatcher(_connectionString, pid, statement, progress, time);
        var watching = watcher.RunAsync(stop.Token);
        try
        {
            await run(cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await watching;
            blockers.UnionWith(watcher.Blockers);
            imposed.Add(watcher);
        }
    }

    private async Task<IReadOnlyList<string>> DropInvalidIndexesAsync(StepRequest step, CancellationToken cancellationToken)
    {
        var dropped = new List<string>();
        try
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            foreach (var index in SqlStatement.Split(step.Sql).Select(DdlStatement.Read).Where(d => d.Kind == DdlKind.CreateIndex).Select(d => d.IndexName).OfType<string>())
            {
                if (await IndexInspector.DropIfInvalidAsync(connection, index, cancellationToken))
                {
                    dropped.Add(index);
                }
            }
        }
        catch (NpgsqlException)
        {
            // The database is unreachable; the next attempt (or the rollback) checks again before it acts.
        }

        return dropped;
    }

    internal static string TimeoutSql(StepRequest step, bool local)
    {
        var scope = local ? "SET LOCAL" : "SET";
        return $"{scope} lock_timeout = {Milliseconds(step.LockTimeout)}; {scope} statement_timeout = {Milliseconds(step.StatementTimeout)};";
    }

    private static string Milliseconds(TimeSpan? value) =>
        value is { } v ? ((long)v.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : "0";
}
