namespace ReplyX.Rollout.Primitives.Migrations;

/// <summary>One versioned schema change. Versions are applied in ascending order, each exactly once.</summary>
/// <param name="Version">The number from the script's file name, e.g. 3 for <c>0003_add_runs.sql</c>.</param>
/// <param name="Name">The rest of the file name, for the history table and the logs.</param>
/// <param name="Sql">The script; it runs in one transaction together with its history row.</param>
public sealed record SqlMigration(int Version, string Name, string Sql);
