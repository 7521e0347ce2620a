namespace ReplyX.Rollout.Core.Migrations;

/// <summary>The outcome of applying a chain and its consolidation to two scratch databases and comparing their catalogs.</summary>
public sealed record VerificationReport(
    int ChainMigrations,
    int ConsolidatedMigrations,
    int Facts,
    string ChainFingerprint,
    string ConsolidatedFingerprint,
    IReadOnlyList<SchemaDifference> Differences)
{
    public bool Equal => Differences.Count == 0;

    /// <summary>Facts equal only once PostgreSQL parsed the chain's definitions again (a dump and restore prints some expressions differently).</summary>
    public IReadOnlyList<string> Reparsed { get; init; } = [];
}
