namespace ReplyX.Rollout.AppHost.Postgres;

/// <summary>Where the AppHost's PostgreSQL comes from.</summary>
internal enum PostgresMode
{
    /// <summary>The usual Aspire PostgreSQL container (a container runtime answers).</summary>
    Container,

    /// <summary>A local server started from the machine's binaries, data kept under the AppHost folder.</summary>
    Local,

    /// <summary>An existing server named by connection string.</summary>
    External,
}
