namespace ReplyX.Rollout.Core.Migrations.Tools;

/// <summary>
/// How to run a project's migration tool: which tool, where its migrations are, and for Alembic the Python to use
/// (a project's virtualenv when its migrations import the application), the project's own <c>alembic.ini</c> (else
/// a minimal environment is generated around the versions folder), how the database URL reaches its
/// <c>env.py</c>, and how long one command may run.
/// </summary>
public sealed record MigrationToolOptions
{
    public const string Alembic = "alembic";
    public const string Sql = "sql";

    /// <summary>Debian's interpreter: the one <c>python3-alembic</c> installs into (the first <c>python3</c> on PATH may be another).</summary>
    public const string DefaultPython = "/usr/bin/python3";

    public static IReadOnlyList<string> Tools { get; } = [Sql, Alembic];

    /// <summary>The ways a URL can reach an env.py: <c>x-arg</c> (<c>-x url=...</c>), <c>env:NAME</c>, <c>ini</c> (<c>sqlalchemy.url</c>).</summary>
    public static IReadOnlyList<string> UrlWays { get; } = ["x-arg", "env:NAME", "ini"];

    public string Tool { get; init; } = Sql;

    /// <summary>The versions folder (Alembic) or the SQL folder.</summary>
    public required string Directory { get; init; }

    public string Python { get; init; } = DefaultPython;

    /// <summary>The project's alembic.ini, or null to generate a minimal environment around <see cref="Directory"/>.</summary>
    public string? Ini { get; init; }

    public string Url { get; init; } = "x-arg";

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Where each line the tool prints goes (the run's events, the CLI's output); null drops them.</summary>
    public Action<string>? Output { get; init; }

    public IMigrationTool Create() => Tool switch
    {
        Alembic => new AlembicMigrationTool(this),
        Sql => new SqlMigrationTool(Directory),
        _ => throw new ArgumentException($"unknown migration tool '{Tool}' (known: {string.Join(", ", Tools)})."),
    };
}
