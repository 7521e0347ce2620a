using System.ComponentModel;
using System.Diagnostics;

namespace ReplyX.Rollout.Core.Migrations.Tools;

/// <summary>
/// Runs a migration tool's command: arguments as a list (never a shell line), secrets only in the environment,
/// every output line handed to <c>onLine</c> as it arrives, killed with its children at the timeout.
/// </summary>
public static class ToolProcess
{
    public sealed record Result(int ExitCode, IReadOnlyList<string> Output);

    public static async Task<Result> RunAsync(string what, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory,
        TimeSpan timeout, Action<string>? onLine, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new MigrationApplyException($"could not start {program}.");
        }
        catch (Win32Exception exception)
        {
            throw new MigrationApplyException($"the migration tool cannot start: {program} ({exception.Message}).", exception);
        }

        using (process)
        {
            var lines = new List<string>();
            void Take(string? line)
            {
                if (line is null)
                {
                    return;
                }

                lock (lines)
                {
                    lines.Add(line);
                }

                onLine?.Invoke(line);
            }

            process.OutputDataReceived += (_, e) => Take(e.Data);
            process.ErrorDataReceived += (_, e) => Take(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new MigrationApplyException($"{what} did not finish within {Phases.Durations.Format(timeout)}; stopped.");
            }

            // The asynchronous readers deliver the last lines after the exit: wait for them.
            process.WaitForExit();
            lock (lines)
            {
                return new Result(process.ExitCode, [.. lines]);
            }
        }
    }
}
