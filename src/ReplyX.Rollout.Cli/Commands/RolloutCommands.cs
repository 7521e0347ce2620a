using System.CommandLine;
using System.Globalization;
using ReplyX.Rollout.Cli.Api;
using Spectre.Console;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary>The commands that drive the controller over its API: start, status, pause, resume, abort, approve, history, restore.</summary>
public static class RolloutCommands
{
    public static readonly Option<string?> Controller = new("--controller") { Description = $"Controller URL (default: ${ControllerClient.UrlVariable}, the controller replyx-rollout login or the AppHost saved, or {ControllerClient.DefaultUrl}).", Recursive = true };
    public static readonly Option<string?> ApiKey = new("--api-key") { Description = $"API key for changes (default: ${ControllerClient.KeyVariable}, else the key replyx-rollout login or the AppHost saved).", Recursive = true };

    public static IEnumerable<Command> Create()
    {
        var phase = new Argument<string>("phase") { Description = "Phase id, e.g. foundation." };
        var bake = new Option<string?>("--bake") { Description = "Override every stage's bake for this run (recorded on the run), e.g. 10s." };
        var silence = new Option<string?>("--metrics-silence") { Description = "Override how long without metrics pauses a stage, for this run (recorded)." };
        var watch = new Option<bool>("--watch") { Description = "Follow the run until it ends; exit 0 completed, 3 rolled back, 4 failed." };
        var capacity = new Option<string?>("--capacity-duration") { Description = "Override how long a capacity gate drives load, for this run (recorded)." };
        var capacityRate = new Option<double?>("--capacity-rate") { Description = "Override the arrival rate (requests/s) a capacity gate drives, for this run (recorded): a rehearsal on a smaller host." };
        var advanceOn = new Option<string?>("--advance-on") { Description = "evidence (default): a stage advances once its latency tests have shown the treatment within tolerance; samples: once minSamples exist without a failure (a rehearsal at demo speed; recorded on the run)." };
        advanceOn.AcceptOnlyFromAmong("evidence", "samples");
        var start = new Command("start", "Start a rollout of a phase.") { phase, bake, silence, capacity, capacityRate, advanceOn, watch };
        start.SetAction((r, ct) => RunAsync(r, async (client, output) =>
        {
            var run = await client.StartAsync(r.GetValue(phase)!, r.GetValue(bake), r.GetValue(silence), r.GetValue(capacity), r.GetValue(capacityRate), ct, r.GetValue(advanceOn));
            await output.WriteLineAsync($"Started run {run.Id} of phase {run.Phase} ({run.State}).");
            return r.GetValue(watch) ? RolloutWatcher.ExitCode(await RolloutWatcher.WatchAsync(client, run.Id, output, IsLive(), ct)) : ExitCodes.Success;
        }));

        var optionalId = new Argument<Guid?>("id") { Arity = ArgumentArity.ZeroOrOne, Description = "Run id (default: the latest run)." };
        var statusWatch = new Option<bool>("--watch") { Description = "Live view until the run ends; exit 0 completed, 3 rolled back, 4 failed." };
        var status = new Command("status", "Show a run: state, stage, traffic, step and bake progress, last events.") { optionalId, statusWatch };
        status.SetAction((r, ct) => RunAsync(r, async (client, output) =>
        {
            var id = r.GetValue(optionalId) ?? (await client.ListAsync(false, 1, ct)).FirstOrDefault()?.Id;
            if (id is null)
            {
                await output.WriteLineAsync("No rollouts yet.");
                return ExitCodes.Success;
            }

            if (r.GetValue(statusWatch))
            {
                return RolloutWatcher.ExitCode(await RolloutWatcher.WatchAsync(client, id.Value, output, IsLive(), ct));
            }

            var run = await client.GetAsync(id.Value, ct);
            foreach (var line in RolloutStatusText.Lines(run, TimeProvider.System.GetUtcNow()))
            {
                await output.WriteLineAsync(line);
            }

            return run.IsTerminal ? RolloutWatcher.ExitCode(run) : ExitCodes.Success;
        }));

        yield return start;
        yield return status;
        yield return Action("pause", "Pause a run at its next safe point (the bake clock stops).");
        yield return Action("resume", "Resume a paused run where it stopped.");
        yield return Action("abort", "Abort a run: traffic to 0%, then every applied step's rollback in reverse order.");
        yield return Action("approve", "Approve the last stage of a phase that asks for a human.");
        yield return History();
        yield return Restore();
    }

    private static Command Action(string name, string description)
    {
        var id = new Argument<Guid>("id") { Description = "Run id." };
        var command = new Command(name, description) { id };
        command.SetAction((r, ct) => RunAsync(r, async (client, output) =>
        {
            var run = await client.ActAsync(r.GetValue(id), name, null, ct);
            await output.WriteLineAsync($"{name}: run {run.Id} is {run.State}{(run.RequestedAction is { } requested ? $" ({requested} requested)" : "")}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command History()
    {
        var limit = new Option<int>("--limit") { Description = "How many runs.", DefaultValueFactory = _ => 20 };
        var criteria = new Option<bool>("--criteria") { Description = "Show each run's success criteria with their verdicts." };
        var command = new Command("history", "List runs, newest first.") { limit, criteria };
        command.SetAction((r, ct) => RunAsync(r, async (client, output) =>
        {
            var runs = await client.ListAsync(false, r.GetValue(limit), ct);
            await output.WriteLineAsync($"{"started (UTC)",-17} {"phase",-24} {"state",-12} {"traffic",7}  {"run",-36}  reason");
            foreach (var run in runs)
            {
                await output.WriteLineAsync($"{run.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),-17} {run.Phase,-24} {run.State,-12} {run.Percentage,6}%  {run.Id}  {run.Reason}");
                foreach (var line in r.GetValue(criteria) ? RolloutStatusText.Criteria(run, "    ") : [])
                {
                    await output.WriteLineAsync(line);
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Restore()
    {
        var id = new Argument<Guid>("id") { Description = "Run id to recover from (rolled back or failed)." };
        var confirm = new Option<string?>("--confirm") { Description = "Repeat the run's phase id to confirm: level 3 replaces the target's objects, level 4 makes the standby the primary." };
        var level = new Option<int>("--level") { Description = "3: restore the run's verified backup (default); 4: promote the streaming standby.", DefaultValueFactory = _ => 3 };
        var command = new Command("restore", "Recover after a rolled-back or failed run: level 3 restores its verified backup, level 4 promotes the standby (explicit, confirmed).") { id, confirm, level };
        command.SetAction((r, ct) => RunAsync(r, async (client, output) =>
        {
            var run = await client.ActAsync(r.GetValue(id), "restore", new { confirm = r.GetValue(confirm), level = r.GetValue(level) }, ct);
            await output.WriteLineAsync(r.GetValue(level) == 4
                ? $"promoted: the standby is now a primary ({run.Events?.LastOrDefault(e => e.Kind == "restored")?.Reason}). Repoint clients at it."
                : $"restored: the target database is back to the backup taken before run {run.Id} ({run.Phase}).");
            return ExitCodes.Success;
        }));
        return command;
    }

    internal static async Task<int> RunAsync(ParseResult result, Func<ControllerClient, TextWriter, Task<int>> action)
    {
        try
        {
            return await action(ControllerClient.Create(result.GetValue(Controller), result.GetValue(ApiKey)), Console.Out);
        }
        catch (InvalidDataException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message} Run replyx-rollout login again or delete it.");
            return ExitCodes.UsageError;
        }
        catch (ControllerApiException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}");
            return exception.Status is null ? ExitCodes.Unreachable : ExitCodes.UsageError;
        }
    }

    private static bool IsLive() => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
}
