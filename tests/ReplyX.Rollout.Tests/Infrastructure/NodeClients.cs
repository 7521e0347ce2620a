using System.Diagnostics;

namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>
/// Clients nobody here wrote, run under Node: a real browser (puppeteer-core driving Debian's Chromium), the
/// OpenFeature OFREP client, the OpenTelemetry JS exporter. Their packages come from tests/node (installed by
/// .ci/run); when missing there, they are installed into a temp folder; only when npm cannot reach its registry is a
/// test skipped, and it says so.
/// </summary>
internal static class NodeClients
{
    private static readonly Lazy<Task<(string? Folder, string? Missing)>> Installed = new(InstallAsync);

    public static string Scripts => Path.Combine(RepositoryPaths.Root, "tests", "node");

    /// <summary>Runs a script of tests/node with its packages; skips the calling test when they cannot be had.</summary>
    public static async Task<string> RunAsync(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var (folder, missing) = await Installed.Value;
        Skip.If(folder is null, missing);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        start.ArgumentList.Add(Path.Combine(folder!, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cancel.Token);
        Assert.True(process.ExitCode == 0, $"node {script} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    public static bool HasChromium => File.Exists(Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium");

    private static async Task<(string?, string?)> InstallAsync()
    {
        if (Directory.Exists(Path.Combine(Scripts, "node_modules", "puppeteer-core")))
        {
            return (Scripts, null);
        }

        var temp = Path.Combine(Path.GetTempPath(), $"replyx-node-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        // ES modules resolve packages from the script's own folder: the scripts go where the packages are.
        foreach (var file in Directory.EnumerateFiles(Scripts).Where(f => f.EndsWith(".mjs", StringComparison.Ordinal) || f.EndsWith("package.json", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(temp, Path.GetFileName(file)));
        }

        var start = new ProcessStartInfo("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]) { WorkingDirectory = temp, RedirectStandardError = true, RedirectStandardOutput = true };
        using var npm = Process.Start(start)!;
        var error = await npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync();
        return npm.ExitCode == 0 ? (temp, null) : (null, $"npm could not install the test clients (is its registry reachable?): {error.Trim()}");
    }
}
