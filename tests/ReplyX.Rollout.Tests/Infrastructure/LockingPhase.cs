using Npgsql;

namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>
/// A phase whose step holds <c>dialogs</c> exclusively for 3 s with a required lockWaits criterion of &lt; 1 s, and
/// a reader that arrives while it holds it: the run is rolled back before contracting with a measured lock wait.
/// </summary>
internal static class LockingPhase
{
    public const string Id = "locking";

    public const string Yaml =
        """
        id: locking
        title: Holds a lock others wait on
        risks: [R002]
        flag: replyx.tests.locking
        preflight: { backup: skip, skipReason: criteria test }
        steps:
          - name: table lock
            sql: |
              LOCK TABLE dialogs IN ACCESS EXCLUSIVE MODE;
              SELECT pg_sleep(3);
            rollback: SELECT 1;
            lockTimeout: 2s
            transaction: true
        ramp: { stages: [100], bake: 500ms }
        contract:
          - name: never runs
            sql: CREATE TABLE contract_ran (n int);
            rollback: DROP TABLE IF EXISTS contract_ran;
            lockTimeout: 2s
        successCriteria:
          - { criterion: "No downtime", measure: lockWaits, target: "< 1s", required: true }
          - { criterion: "No data loss", measure: rowCounts, target: unchanged }
        """;

    /// <summary>Waits until the step holds the table, then reads it: the read waits for the rest of the step.</summary>
    public static async Task BlockOneReaderAsync(string targetDb)
    {
        await using var target = NpgsqlDataSource.Create(targetDb);
        await using (var held = target.CreateCommand(
            """
            SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                           WHERE l.relation = 'dialogs'::regclass AND l.mode = 'AccessExclusiveLock' AND l.granted AND a.application_name LIKE 'replyx-rollout-ddl%')
            """))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!(bool)(await held.ExecuteScalarAsync(timeout.Token))!)
            {
                await Task.Delay(20, timeout.Token);
            }
        }

        await using var count = target.CreateCommand("SELECT count(*) FROM dialogs");
        await count.ExecuteScalarAsync();
    }
}
