using ReplyX.Rollout.Controller.Requests;
using ReplyX.Rollout.Core.Rollouts;
using ReplyX.Rollout.Tests.Core.Analysis;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// A request accepted while the engine is mid-pass, made deterministic: the engine reads the run, the API records an
/// abort, then the engine tries the move it had decided on. The request must win, never be silently overtaken.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RequestRaceTests(PostgresServerFixture postgres)
{
    private const string Phase =
        """
        id: race
        title: Race
        risks: [R002]
        flag: replyx.tests.race
        steps:
          - name: index
            sql: CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_race ON dialogs (user_id);
            rollback: DROP INDEX CONCURRENTLY IF EXISTS ix_race;
        ramp: { stages: [100], bake: 1s }
        """;

    [Fact]
    public async Task An_abort_accepted_between_the_engines_read_and_its_move_to_contracting_is_honoured()
    {
        await using var parts = await EngineParts.CreateAsync(postgres, "race_abort", new FakeMetricsSource());
        var run = await parts.RunInAsync(Phase, RolloutState.Ramping);
        var enginesRead = (await parts.Store.GetAsync(run.Id, CancellationToken.None))!;

        var accepted = await parts.Store.UpdateAsync(run.Id, r => RequestPolicy.Accept(r, RunRequest.Abort).Next, "requested", "abort requested", null, CancellationToken.None);
        var moved = await parts.Transitions.MoveAsync(enginesRead, RolloutState.Contracting, "100% baked", null, null, CancellationToken.None);
        var waiting = (await parts.Store.GetAsync(run.Id, CancellationToken.None))!;
        await parts.Requests.HandleAsync(waiting, CancellationToken.None);
        var after = (await parts.Store.GetAsync(run.Id, CancellationToken.None))!;

        Assert.NotNull(accepted);
        Assert.Null(moved);
        Assert.Equal(RolloutState.Ramping, waiting.State);
        Assert.Equal(RolloutState.RollingBack, after.State);
        Assert.Equal(0, after.Percentage);
        Assert.Null(after.RequestedAction);
        Assert.Contains(await parts.EventsAsync(run.Id), e => e.ToState == "RollingBack" && e.Reason == "aborted by request while Ramping");
    }

    [Fact]
    public async Task The_engines_own_move_goes_ahead_when_no_request_waits()
    {
        await using var parts = await EngineParts.CreateAsync(postgres, "race_none", new FakeMetricsSource());
        var run = await parts.RunInAsync(Phase, RolloutState.Ramping);

        var moved = await parts.Transitions.MoveAsync(run, RolloutState.Contracting, "100% baked", null, null, CancellationToken.None);

        Assert.Equal(RolloutState.Contracting, moved?.State);
    }

    [Fact]
    public async Task An_abort_that_reached_a_contracting_run_is_refused_on_the_run_with_the_reason_not_dropped()
    {
        await using var parts = await EngineParts.CreateAsync(postgres, "race_refused", new FakeMetricsSource());
        var run = await parts.RunInAsync(Phase, RolloutState.Contracting, r => r with { RequestedAction = RunRequest.Abort });

        var handled = await parts.Requests.HandleAsync(run, CancellationToken.None);
        var after = (await parts.Store.GetAsync(run.Id, CancellationToken.None))!;

        Assert.True(handled);
        Assert.Equal(RolloutState.Contracting, after.State);
        Assert.Null(after.RequestedAction);
        Assert.Contains(await parts.EventsAsync(run.Id), e => e.Kind == "request-refused" && e.Reason.StartsWith("abort refused: the run is contracting", StringComparison.Ordinal));
        Assert.Equal("the run is contracting (every user is on the new path and superseded objects are being dropped); it cannot be rolled back automatically",
            RequestPolicy.Accept(after, RunRequest.Abort).Refusal);
    }
}
