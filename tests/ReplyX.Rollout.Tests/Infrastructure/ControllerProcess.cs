using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>The controller as a real OS process, so a test can kill it (SIGKILL, not a graceful stop).</summary>
internal sealed class ControllerProcess : IDisposable
{
    private readonly Process _process;

    private ControllerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ControllerHost.ApiKey);
    }

    public int Port { get; }

    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    public static async Task<ControllerProcess> StartAsync(ControllerSettings settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add(ControllerAssembly());
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        foreach (var (key, value) in settings.AsConfiguration())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var controller = new ControllerProcess(process, port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                if ((await controller.Client.GetAsync("/health", timeout.Token)).IsSuccessStatusCode)
                {
                    return controller;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"controller exited with {process.ExitCode} before it was healthy");
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    public int Pid => _process.Id;

    /// <summary>SIGSTOP: every thread stops, its sessions stay open, exactly like a paused VM or a stuck process.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>SIGCONT: the frozen process carries on where it stopped, unaware of the time that passed.</summary>
    public void Thaw() => Signal("CONT");

    /// <summary>SIGKILL: no shutdown hooks, no graceful stop, exactly like a crashed host.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        Client.Dispose();
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    private static string ControllerAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(RepositoryPaths.Root, "src", "ReplyX.Rollout.Controller", "bin", configuration, "net10.0", "ReplyX.Rollout.Controller.dll");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
