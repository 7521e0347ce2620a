using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster in a temp folder: initdb, a free port, its socket in the same folder,
/// durability off for speed. Runs as the <c>postgres</c> user when the tests run as root (PostgreSQL refuses
/// root). Stopped and deleted on dispose.
/// </summary>
internal sealed class LocalPostgresCluster : IAsyncDisposable
{
    private readonly string _binDirectory;
    private readonly string _root;
    private readonly bool _asPostgresUser;

    private LocalPostgresCluster(string binDirectory, string root, int port, bool asPostgresUser)
    {
        _binDirectory = binDirectory;
        _root = root;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Timeout=15";

    public static async Task<LocalPostgresCluster> StartAsync(string binDirectory)
    {
        var asPostgresUser = Environment.UserName == "root";
        var root = Path.Combine(Path.GetTempPath(), $"replyx-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        if (asPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", root], asPostgresUser: false);
        }

        var data = Path.Combine(root, "data");
        await RunAsync(Path.Combine(binDirectory, "initdb"),
            ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync", "--locale=C"], asPostgresUser);

        return await StartServerAsync(binDirectory, root, asPostgresUser);
    }

    /// <summary>A streaming standby of this cluster: <c>pg_basebackup -R -X stream</c> (a fast checkpoint: the default spread one waits minutes), started on a port of its own.</summary>
    public async Task<LocalPostgresCluster> StartStandbyAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), $"replyx-pg-standby-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        if (_asPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", root], asPostgresUser: false);
        }

        await RunAsync(Path.Combine(_binDirectory, "pg_basebackup"),
            ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-D", Path.Combine(root, "data"), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"], _asPostgresUser);
        return await StartServerAsync(_binDirectory, root, _asPostgresUser);
    }

    private static async Task<LocalPostgresCluster> StartServerAsync(string binDirectory, string root, bool asPostgresUser)
    {
        var port = FreePort();
        var cluster = new LocalPostgresCluster(binDirectory, root, port, asPostgresUser);
        var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                      "-c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB -c shared_preload_libraries=pg_stat_statements";
        await RunAsync(Path.Combine(binDirectory, "pg_ctl"),
            ["-D", Path.Combine(root, "data"), "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", options, "start"], asPostgresUser);
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"], _asPostgresUser);
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A stray file held open must not fail the test run; the folder is under the temp path.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string fileName, string[] arguments, bool asPostgresUser)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgresUser ? "runuser" : fileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgresUser)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", fileName })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}
