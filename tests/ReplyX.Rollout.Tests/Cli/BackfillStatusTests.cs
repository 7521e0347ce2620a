using System.Text.Json;
using ReplyX.Rollout.Cli.Commands;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Backfills;
using ReplyX.Rollout.Core.Execution;

namespace ReplyX.Rollout.Tests.Cli;

/// <summary>The CLI reads a running backfill's progress from the step detail the controller saves, and says rows, pace and time left.</summary>
public sealed class BackfillStatusTests
{
    [Fact]
    public void A_running_backfill_shows_its_walk_its_pace_its_time_left_and_why_it_slowed()
    {
        var walk = new BackfillProgress(250_000, 240_000, 1_000_000, 250, 2_500, 500, TimeSpan.FromMilliseconds(200), "250000")
        {
            Throttle = "slowed down: 1 session(s) waiting on a batch's locks (longest 120 ms)",
        };
        var detail = JsonSerializer.Serialize(new { sql = "UPDATE t SET b = a", progress = new StepProgress("UPDATE t SET b = a", "backfill", 0, 0, 250_000, 1_000_000, []) { Backfill = walk } }, RolloutStore.Json);

        Assert.Equal(
            " - backfill [#####---------------] 25% 250,000 of ~1,000,000 rows (25%), 2,500 rows/s, batch 500, pause 200 ms, ~5 min left (slowed down: 1 session(s) waiting on a batch's locks (longest 120 ms))",
            RolloutStatusText.Progress(detail));
    }
}
