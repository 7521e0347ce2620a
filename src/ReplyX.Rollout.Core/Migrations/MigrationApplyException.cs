namespace ReplyX.Rollout.Core.Migrations;

/// <summary>A migration could not be applied: which file, which statement, what PostgreSQL said.</summary>
public sealed class MigrationApplyException(string message, Exception? inner = null) : Exception(message, inner);
