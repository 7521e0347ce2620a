namespace ReplyX.Rollout.Core.Migrations;

/// <summary>How a migration directory records its order.</summary>
public enum MigrationFormat
{
    /// <summary>Alembic revision files (<c>revision</c> / <c>down_revision</c>), or SQL files with the same two header comments.</summary>
    RevisionGraph,

    /// <summary>Plain SQL files ordered by the number their name starts with (<c>0001_users.sql</c>).</summary>
    OrderedSql,
}
