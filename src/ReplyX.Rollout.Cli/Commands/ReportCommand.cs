using System.CommandLine;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary><c>replyx-rollout report &lt;id&gt; [--out file.html] [--format md]</c>: a run's report, to a file or the terminal.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var id = new Argument<Guid>("id") { Description = "Run id." };
        var output = new Option<string?>("--out") { Description = "Write the report to this file (HTML unless --format md)." };
        var format = new Option<string>("--format") { Description = "html (one self-contained page) or md (Markdown for a change record).", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong("html", "md");
        var command = new Command("report", "A run's report: verdict, success criteria, p95 per variant over the ramp, timeline, steps, backup, alerts.") { id, output, format };
        command.SetAction((r, ct) => RolloutCommands.RunAsync(r, async (client, console) =>
        {
            var text = await client.GetTextAsync($"/api/rollouts/{r.GetValue(id)}/report?format={r.GetValue(format)}", ct);
            if (r.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, text, ct);
                await console.WriteLineAsync($"report of run {r.GetValue(id)} written to {Path.GetFullPath(path)}");
            }
            else
            {
                await console.WriteAsync(text);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
