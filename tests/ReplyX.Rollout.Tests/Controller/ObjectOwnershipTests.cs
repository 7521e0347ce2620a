using System.Net.Http.Json;
using Npgsql;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// A phase owns only what it created: objects that already exist under a step's names are adopted when identical,
/// refuse the step when not, and a rollback never drops, alters or renames what existed before the run. Every
/// branch against a real server, through the real controller.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ObjectOwnershipTests(PostgresServerFixture postgres)
{
    private const string TeamFunction =
        """
        CREATE OR REPLACE FUNCTION team_dialog_count(owner bigint)
        RETURNS bigint LANGUAGE sql STABLE AS $fn$ SELECT count(*) FROM dialogs WHERE user_id = owner $fn$;
        """;

    [Fact]
    public async Task Abort_after_adoption_leaves_every_object_that_existed_before_the_run_and_removes_what_the_run_created()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("owned.yaml",
            $$"""
            id: ownership-mixed
            title: Ownership
            risks: [R001]
            flag: replyx.tests.ownership-mixed
            preflight: { backup: skip, skipReason: the test checks ownership only }
            steps:
              - name: existing index
                sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_team_dialogs ON dialogs (user_id, updated_at DESC);
                rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_team_dialogs;
              - name: new index
                sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_new_messages ON dialog_messages (dialog_id);
                rollback: |
                  DROP INDEX CONCURRENTLY IF EXISTS ix_new_messages;
                  DROP INDEX CONCURRENTLY IF EXISTS ix_unrelated;
              - name: invalid leftover
                sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_leftover ON dialogs (title);
                rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_leftover;
              - name: existing column
                sql: ALTER TABLE dialogs ADD COLUMN IF NOT EXISTS archived boolean;
                rollback: ALTER TABLE dialogs DROP COLUMN IF EXISTS archived;
                lockTimeout: 2s
              - name: existing function
                sql: |
                  {{TeamFunction.Replace("\n", "\n      ", StringComparison.Ordinal)}}
                rollback: DROP FUNCTION IF EXISTS team_dialog_count(bigint);
              - name: existing table
                sql: CREATE TABLE IF NOT EXISTS team_notes (id bigint PRIMARY KEY, note text NOT NULL);
                rollback: DROP TABLE IF EXISTS team_notes;
                lockTimeout: 2s
              - name: existing constraint
                sql: ALTER TABLE dialogs ADD CONSTRAINT dialogs_title_length CHECK (length(title) < 1000) NOT VALID;
                rollback: ALTER TABLE dialogs DROP CONSTRAINT IF EXISTS dialogs_title_length;
                lockTimeout: 2s
            ramp: { stages: [5, 100], bake: 1h }
            """);
        var settings = await ControllerSettings.CreateAsync(postgres, "ownmixed", phases.Folder);
        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await ExecuteAsync(target, $"""
            CREATE INDEX ix_team_dialogs ON dialogs (user_id, updated_at DESC);
            CREATE INDEX ix_unrelated ON dialogs (created_at);
            ALTER TABLE dialogs ADD COLUMN archived boolean;
            UPDATE dialogs SET archived = true WHERE id % 2 = 0;
            {TeamFunction}
            CREATE TABLE team_notes (id bigint PRIMARY KEY, note text NOT NULL);
            INSERT INTO team_notes VALUES (1, 'kept by the team');
            ALTER TABLE dialogs ADD CONSTRAINT dialogs_title_length CHECK (length(title) < 1000);
            """);
        await MakeInvalidIndexAsync(target, "ix_leftover", "dialogs (user_id)");

        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        var id = await RolloutApi.StartAsync(client, "ownership-mixed", bake: null);
        await RolloutApi.WaitForStateAsync(client, id, "Ramping");
        var ramping = await RolloutApi.GetAsync(client, id);
        Assert.Equal([true, false, false, true, true, true, true],
            ramping.Steps().Where(s => s.GetProperty("kind").GetString() == "expand").OrderBy(s => s.GetProperty("ordinal").GetInt32())
                .Select(s => s.Detail().GetProperty("adopted").GetBoolean()));
        Assert.Contains(ramping.Events(), e => e.GetProperty("kind").GetString() == "step-succeeded" && e.GetProperty("reason").GetString()!.Contains("'existing index' adopted, not created", StringComparison.Ordinal));

        (await client.PostAsync($"/api/rollouts/{id}/abort", null)).EnsureSuccessStatusCode();
        var run = await RolloutApi.WaitForStateAsync(client, id, "RolledBack");

        // What existed before the run is still there, with its data; what the run built is gone.
        Assert.True(await ScalarAsync<bool>(target, "SELECT to_regclass('ix_team_dialogs') IS NOT NULL"));
        Assert.True(await ScalarAsync<bool>(target, "SELECT to_regclass('ix_unrelated') IS NOT NULL"));
        Assert.False(await ScalarAsync<bool>(target, "SELECT to_regclass('ix_new_messages') IS NOT NULL"));
        Assert.False(await ScalarAsync<bool>(target, "SELECT to_regclass('ix_leftover') IS NOT NULL"));
        Assert.True(await ScalarAsync<long>(target, "SELECT count(*) FROM dialogs WHERE archived") > 0);
        Assert.Equal("kept by the team", await ScalarAsync<string>(target, "SELECT note FROM team_notes WHERE id = 1"));
        Assert.True(await ScalarAsync<bool>(target, "SELECT to_regprocedure('team_dialog_count(bigint)') IS NOT NULL"));
        Assert.True(await ScalarAsync<bool>(target, "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'dialogs_title_length')"));

        var skipped = run.Events().Where(e => e.GetProperty("kind").GetString() == "rollback-statement-skipped").Select(e => e.GetProperty("reason").GetString()!).ToList();
        Assert.Equal(6, skipped.Count);
        Assert.Contains(skipped, r => r.Contains("drop index ix_team_dialogs, which existed before the run (adopted by expand step 1)", StringComparison.Ordinal));
        Assert.Contains(skipped, r => r.Contains("drop index ix_unrelated, which no step of this run created", StringComparison.Ordinal));
        Assert.Contains(skipped, r => r.Contains("drop column dialogs.archived, which existed before the run", StringComparison.Ordinal));
        Assert.Contains(skipped, r => r.Contains("drop table team_notes", StringComparison.Ordinal));
        Assert.Contains(skipped, r => r.Contains("drop function team_dialog_count", StringComparison.Ordinal));
        Assert.Contains(skipped, r => r.Contains("drop constraint dialogs_title_length on dialogs", StringComparison.Ordinal));

        var objects = run.GetProperty("objects").EnumerateArray().ToDictionary(o => o.GetProperty("object").GetString()!, o => o.GetProperty("action").GetString());
        Assert.Equal("adopted", objects["index ix_team_dialogs"]);
        Assert.Equal("created", objects["index ix_new_messages"]);
        Assert.Equal("replaced-invalid", objects["index ix_leftover"]);
        Assert.Equal("adopted", objects["column dialogs.archived"]);
    }

    [Fact]
    public async Task An_object_with_another_definition_refuses_the_step_before_any_change_and_the_rollback_leaves_it()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("clash.yaml",
            """
            id: ownership-clash
            title: Clash
            risks: [R001]
            flag: replyx.tests.ownership-clash
            preflight: { backup: skip, skipReason: the test checks ownership only }
            steps:
              - name: first index
                sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_clash_first ON dialog_messages (created_at);
                rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_clash_first;
              - name: production index of the same name
                sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_team_lookup ON dialogs (user_id, updated_at DESC);
                rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_team_lookup;
              - name: column of another type
                sql: ALTER TABLE dialogs ADD COLUMN IF NOT EXISTS priority integer;
                rollback: ALTER TABLE dialogs DROP COLUMN IF EXISTS priority;
                lockTimeout: 2s
            ramp: { stages: [100], bake: 1s }
            """);
        var settings = await ControllerSettings.CreateAsync(postgres, "ownclash", phases.Folder);
        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await ExecuteAsync(target, "CREATE INDEX ix_team_lookup ON dialogs (user_id); ALTER TABLE dialogs ADD COLUMN priority text;");

        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        var run = await RolloutApi.WaitForStateAsync(client, await RolloutApi.StartAsync(client, "ownership-clash", bake: null), "RolledBack");

        var refused = run.Steps().Single(s => s.GetProperty("kind").GetString() == "expand" && s.GetProperty("ordinal").GetInt32() == 2);
        var error = refused.Detail().GetProperty("error").GetString()!;
        Assert.Equal(0, refused.Detail().GetProperty("attempts").GetInt32());
        Assert.Contains("index ix_team_lookup: already exists with another definition", error, StringComparison.Ordinal);
        Assert.Contains("existing: CREATE INDEX ix_team_lookup ON public.dialogs USING btree (user_id)", error, StringComparison.Ordinal);
        Assert.Contains("the step's: CREATE INDEX ix_team_lookup ON dialogs USING btree (user_id, updated_at DESC)", error, StringComparison.Ordinal);
        Assert.Contains("USING btree (user_id, updated_at DESC)", error, StringComparison.Ordinal);
        Assert.Contains(run.Events(), e => e.GetProperty("kind").GetString() == "transition" && e.GetProperty("toState").GetString() == "RollingBack"
            && e.GetProperty("reason").GetString()!.StartsWith("step 'production index of the same name' failed: refused before any change", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Steps(), s => s.GetProperty("kind").GetString() == "expand" && s.GetProperty("ordinal").GetInt32() == 3);

        Assert.Equal("CREATE INDEX ix_team_lookup ON public.dialogs USING btree (user_id)", await ScalarAsync<string>(target, "SELECT pg_get_indexdef('ix_team_lookup'::regclass)"));
        Assert.False(await ScalarAsync<bool>(target, "SELECT to_regclass('ix_clash_first') IS NOT NULL"));
        Assert.Contains(run.Events(), e => e.GetProperty("kind").GetString() == "rollback-statement-skipped"
            && e.GetProperty("reason").GetString()!.Contains("drop index ix_team_lookup, which existed before the run (expand step 2 refused to replace it)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_column_of_another_type_is_refused_with_both_definitions()
    {
        using var phases = new PhaseWorkspace();
        phases.Write("column.yaml",
            """
            id: ownership-column
            title: Column clash
            risks: [R001]
            flag: replyx.tests.ownership-column
            preflight: { backup: skip, skipReason: the test checks ownership only }
            steps:
              - name: priority
                sql: ALTER TABLE dialogs ADD COLUMN IF NOT EXISTS priority integer NOT NULL DEFAULT 0;
                rollback: ALTER TABLE dialogs DROP COLUMN IF EXISTS priority;
                lockTimeout: 2s
            ramp: { stages: [100], bake: 1s }
            """);
        var settings = await ControllerSettings.CreateAsync(postgres, "owncolumn", phases.Folder);
        await using var target = NpgsqlDataSource.Create(settings.TargetDb);
        await ExecuteAsync(target, "ALTER TABLE dialogs ADD COLUMN priority text; UPDATE dialogs SET priority = 'high';");

        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        var run = await RolloutApi.WaitForStateAsync(client, await RolloutApi.StartAsync(client, "ownership-column", bake: null), "RolledBack");

        Assert.Contains(run.Events(), e => e.GetProperty("kind").GetString() == "transition" && e.GetProperty("toState").GetString() == "RollingBack"
            && e.GetProperty("reason").GetString()!.Contains("column dialogs.priority: already exists with another definition; existing: text; the step's: integer NOT NULL DEFAULT 0", StringComparison.Ordinal));
        Assert.Equal(await ScalarAsync<long>(target, "SELECT count(*) FROM dialogs"), await ScalarAsync<long>(target, "SELECT count(*) FROM dialogs WHERE priority = 'high'"));
    }

    [Fact]
    public async Task Plan_with_a_connection_shows_what_each_step_would_adopt_refuse_or_create()
    {
        using var phases = new PhaseWorkspace();
        var file = phases.Write("plan.yaml",
            """
            id: ownership-plan
            title: Plan
            risks: [R001]
            flag: replyx.tests.ownership-plan
            steps:
              - name: same
                sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_plan_same ON dialogs (user_id);
                rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_plan_same;
              - name: other
                sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_plan_other ON dialogs (user_id, title);
                rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_plan_other;
              - name: fresh
                sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_plan_fresh ON dialogs (created_at);
                rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_plan_fresh;
            ramp: { stages: [100], bake: 1s }
            """);
        var connection = await SeededWorkload.CreateAsync(postgres, "ownplan", 200);
        await using var target = NpgsqlDataSource.Create(connection);
        await ExecuteAsync(target, "CREATE INDEX ix_plan_same ON dialogs (user_id); CREATE INDEX ix_plan_other ON dialogs (title);");

        using var output = new StringWriter();
        var exit = await ReplyX.Rollout.Cli.Commands.PlanCommand.RunAsync(file, phases.Folder, connection, output, TimeProvider.System, CancellationToken.None);
        var text = output.ToString();

        Assert.Equal(0, exit);
        Assert.Contains("step 1 'same': index ix_plan_same: already exists with the same definition; adopted, not created (its rollback will leave it)", text, StringComparison.Ordinal);
        Assert.Contains("step 2 'other': index ix_plan_other: already exists with another definition; existing: CREATE INDEX ix_plan_other ON public.dialogs USING btree (title)", text, StringComparison.Ordinal);
        Assert.Contains("the step would be refused before any change", text, StringComparison.Ordinal);
        Assert.Contains("step 3 'fresh': index ix_plan_fresh: does not exist; the step creates it", text, StringComparison.Ordinal);
        Assert.True(await ScalarAsync<bool>(target, "SELECT to_regclass('ix_plan_fresh') IS NULL"));
    }

    [Fact]
    public async Task A_resumed_step_acts_on_what_was_there_before_its_first_attempt_not_on_what_that_attempt_built()
    {
        var target = await SeededWorkload.CreateAsync(postgres, "ownresume_target", 200);
        await using var state = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("ownresume_state"));
        await ReplyX.Rollout.Controller.Persistence.ControllerSchema.MigrateAsync(state, Microsoft.Extensions.Logging.Abstractions.NullLogger<ReplyX.Rollout.Primitives.Migrations.SqlMigrator>.Instance, CancellationToken.None);
        var runId = Guid.CreateVersion7();
        await using (var insert = state.CreateCommand("INSERT INTO rollout.runs (id, phase_id, flag, state, phase_yaml, created_at, updated_at, state_entered_at) VALUES ($1, 'p', 'f', 'Applying', '', now(), now(), now())"))
        {
            insert.Parameters.AddWithValue(runId);
            await insert.ExecuteNonQueryAsync();
        }

        var ownership = new ReplyX.Rollout.Controller.Steps.StepOwnership(new ReplyX.Rollout.Controller.Steps.OwnershipLedger(state, TimeProvider.System, new ReplyX.Rollout.Controller.Leadership.WriterFence()), new ReplyX.Rollout.Controller.Target.RolloutTarget(target));
        var apply = new ReplyX.Rollout.Core.Execution.StepRequest(runId, "expand", 1, "index", "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_resume ON dialogs (title)", null, null, 0, null);
        var undo = new ReplyX.Rollout.Core.Execution.StepRequest(runId, "rollback", 1, "rollback: index", "DROP INDEX CONCURRENTLY IF EXISTS ix_resume", null, null, 0, null);

        var first = await ownership.PlanAsync(apply, CancellationToken.None);
        // The first attempt builds the index, then the controller dies before it records the step.
        await using var targetSource = NpgsqlDataSource.Create(target);
        await ExecuteAsync(targetSource, "CREATE INDEX ix_resume ON dialogs (title)");
        var resumed = await ownership.PlanAsync(apply, CancellationToken.None);
        var rollback = await ownership.PlanAsync(undo, CancellationToken.None);

        Assert.Equal(ReplyX.Rollout.Core.Ownership.OwnershipVerdict.New, first.Findings.Single().Verdict);
        Assert.Equal(ReplyX.Rollout.Core.Ownership.OwnershipVerdict.New, resumed.Findings.Single().Verdict);
        Assert.Empty(resumed.Skip);
        Assert.Empty(rollback.Skip);
    }

    private static async Task MakeInvalidIndexAsync(NpgsqlDataSource target, string name, string on)
    {
        // A unique concurrent build over duplicates fails and leaves the INVALID index behind (POSTGRES-FACTS).
        try
        {
            await ExecuteAsync(target, $"CREATE UNIQUE INDEX CONCURRENTLY {name} ON {on}");
            Assert.Fail("the unique build over duplicates should have failed");
        }
        catch (PostgresException exception) when (exception.SqlState == "23505")
        {
        }

        Assert.False(await ScalarAsync<bool>(target, $"SELECT indisvalid FROM pg_index WHERE indexrelid = '{name}'::regclass"));
    }

    private static async Task ExecuteAsync(NpgsqlDataSource target, string sql)
    {
        await using var command = target.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource target, string sql)
    {
        await using var command = target.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
