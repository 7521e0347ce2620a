namespace ReplyX.Rollout.Core.Postgres;

/// <summary>A PostgreSQL program (pg_dump, pg_restore, psql) failed or could not be started; the message says which and why.</summary>
public sealed class PostgresToolException(string message) : Exception(message);
