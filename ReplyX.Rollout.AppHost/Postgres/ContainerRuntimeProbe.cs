using System.Diagnostics;

namespace ReplyX.Rollout.AppHost.Postgres;

/// <summary>Asks whether a container runtime answers, the way Aspire would need it to.</summary>
internal static class ContainerRuntimeProbe
{
    public static (bool Answers, string Detail) Check(string runtime = "docker")
    {
        try
        {
            var start = new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return (false, $"'{runtime} info' did not answer within 5 s");
            }

            return process.ExitCode == 0
                ? (true, $"{runtime} server {output.Result.Trim()} answers")
                : (false, $"'{runtime} info' failed: {error.Result.Split('\n')[0].Trim()}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (false, $"no '{runtime}' command on PATH");
        }
    }
}
