using System.Diagnostics;
using System.Security.Cryptography;

namespace ReplyX.Rollout.AppHost.Postgres;

/// <summary>
/// The data folder of the local server: created once with initdb (as the <c>postgres</c> user when the AppHost
/// runs as root, because PostgreSQL refuses root), kept across restarts, git-ignored.
/// </summary>
internal sealed class LocalPostgresCluster
{
    private LocalPostgresCluster(string root, string binDirectory, bool asPostgresUser, string password)
    {
        Root = root;
        BinDirectory = binDirectory;
        AsPostgresUser = asPostgresUser;
        Password = password;
    }

    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string SocketDirectory => Path.Combine(Root, "run");

    public string BinDirectory { get; }

    public bool AsPostgresUser { get; }

    public string Password { get; }

    /// <summary>Initializes the folder on first use and returns it; later calls reuse data and password.</summary>
    public static LocalPostgresCluster EnsureInitialized(string root, string binDirectory)
    {
        var asPostgresUser = Environment.UserName == "root";
        Directory.CreateDirectory(root);
        var passwordFile = Path.Combine(root, "superuser.password");
        var cluster = new LocalPostgresCluster(root, binDirectory, asPostgresUser,
            File.Exists(passwordFile) ? File.ReadAllText(passwordFile).Trim() : Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant());

        Directory.CreateDirectory(cluster.SocketDirectory);
        if (File.Exists(Path.Combine(cluster.DataDirectory, "PG_VERSION")))
        {
            cluster.ChownToPostgres(cluster.SocketDirectory);
            return cluster;
        }

        File.WriteAllText(passwordFile, cluster.Password);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // initdb reads the password from a file the postgres user can read; it is deleted right after.
        var initPasswordFile = Path.Combine(cluster.SocketDirectory, "initdb.pw");
        File.WriteAllText(initPasswordFile, cluster.Password);
        Directory.CreateDirectory(cluster.DataDirectory);
        cluster.ChownToPostgres(root);
        try
        {
            cluster.Run(Path.Combine(binDirectory, "initdb"),
                "-D", cluster.DataDirectory, "-U", "postgres", "--pwfile", initPasswordFile,
                "--auth-local=peer", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8");
        }
        finally
        {
            File.Delete(initPasswordFile);
        }

        return cluster;
    }

    /// <summary>The command and arguments that run the postmaster in the foreground (so DCP's stop reaches it).</summary>
    public (string Command, string[] Args) ServerCommand(int port)
    {
        string[] serverArgs =
        [
            "-D", DataDirectory, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", SocketDirectory,
            "-c", "listen_addresses=localhost", "-c", "max_connections=200",
            // The risk monitor's slow-query rule reads pg_stat_statements, which must be preloaded.
            "-c", "shared_preload_libraries=pg_stat_statements",
        ];
        var postgres = Path.Combine(BinDirectory, "postgres");
        return AsPostgresUser
            ? ("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", postgres, .. serverArgs])
            : (postgres, serverArgs);
    }

    private void ChownToPostgres(string path)
    {
        if (AsPostgresUser)
        {
            Run("chown", asPostgres: false, "-R", "postgres:postgres", path);
        }
    }

    private void Run(string fileName, params string[] arguments) => Run(fileName, AsPostgresUser, arguments);

    private static void Run(string fileName, bool asPostgres, params string[] arguments)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : fileName)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = "/",
        };
        if (asPostgres)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("postgres");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} failed ({process.ExitCode}): {stderr.Result}");
        }
    }
}
