using ReplyX.Rollout.Cli.Api;
using Spectre.Console;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary>Follows a run until it ends: a live view on a terminal, one line per change when output is redirected.</summary>
internal static class RolloutWatcher
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static async Task<RolloutDto> WatchAsync(ControllerClient client, Guid id, TextWriter output, bool live, CancellationToken cancellationToken)
    {
        var run = await client.GetAsync(id, cancellationToken);
        if (live)
        {
            await AnsiConsole.Live(new Markup("")).StartAsync(async context =>
            {
                while (true)
                {
                    context.UpdateTarget(new Panel(new Markup(Markup.Escape(string.Join("\n", RolloutStatusText.Lines(run, TimeProvider.System.GetUtcNow()))))).Header($"replyx-rollout {run.Phase}"));
                    context.Refresh();
                    if (run.IsTerminal)
                    {
                        break;
                    }

                    await Task.Delay(Interval, cancellationToken);
                    run = await client.GetAsync(id, cancellationToken);
                }
            });
            return run;
        }

        var lastEvent = 0L;
        var lastHeader = "";
        while (true)
        {
            var header = $"{run.State} stage {(run.Stage < 0 ? "-" : (run.Stage + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))}/{run.Stages.Count} traffic {run.Percentage}%";
            if (header != lastHeader)
            {
                await output.WriteLineAsync($"[{run.Phase}] {header}");
                lastHeader = header;
            }

            foreach (var e in (run.Events ?? []).Where(e => e.Id > lastEvent))
            {
                await output.WriteLineAsync($"  {e.At.ToUniversalTime():HH:mm:ss}  {(e.ToState is null ? e.Kind : $"{e.FromState ?? "-"} -> {e.ToState}")}: {e.Reason}");
                lastEvent = e.Id;
            }

            if (run.IsTerminal)
            {
                return run;
            }

            await Task.Delay(Interval, cancellationToken);
            run = await client.GetAsync(id, cancellationToken);
        }
    }

    public static int ExitCode(RolloutDto run) => run.State switch
    {
        "Completed" => ExitCodes.Success,
        "RolledBack" => ExitCodes.RolledBack,
        "Failed" => ExitCodes.Failed,
        _ => ExitCodes.Success,
    };
}
