namespace ReplyX.Rollout.Core.Risks;

/// <summary>What a continuous-monitor rule reads (the seed's RiskMonitor indicators).</summary>
public enum MonitorReading
{
    /// <summary>All traffic's p95 over the monitor's window (seconds).</summary>
    P95,

    /// <summary>Failed (5xx) share of all traffic over the window.</summary>
    ErrorRate,

    /// <summary>The database server's CPU utilisation (a fraction): from a host-metrics gauge, or /proc when the server runs here.</summary>
    DbCpu,

    /// <summary>Statements (pg_stat_statements) whose mean time over the window is more than the rule's factor times their baseline mean.</summary>
    SlowQueries,

    /// <summary>Connections in use as a fraction of max_connections.</summary>
    Connections,

    /// <summary>recall@k of the golden queries through the vector search of the last completed phase that gates it.</summary>
    Recall,
}
