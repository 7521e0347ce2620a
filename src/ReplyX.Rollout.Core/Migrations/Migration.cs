namespace ReplyX.Rollout.Core.Migrations;

/// <summary>
/// One migration of a chain: its revision, the revision(s) it follows (none for a root, two for a merge), the SQL
/// its upgrade runs, and - when the file cannot be applied as SQL - why.
/// </summary>
public sealed record Migration(string Revision, IReadOnlyList<string> DownRevisions, string File, string Sql)
{
    /// <summary>Why this migration cannot be applied as SQL (for instance an Alembic op other than op.execute); null when it can.</summary>
    public string? Unsupported { get; init; }

    /// <summary>The revision's message (Alembic's docstring), when the tool reports one.</summary>
    public string? Description { get; init; }
}
