using ReplyX.Rollout.Core.Postgres;
namespace ReplyX.Rollout.Core.Migrations;

/// <summary>
/// Proves a consolidation: the chain and the consolidated set are each applied to their own scratch database on
/// the given server and their catalog fingerprints compared fact by fact. The scratch databases are always dropped.
/// </summary>
public sealed class MigrationVerifier(string serverConnectionString)
{
    public async Task<VerificationReport> VerifyAsync(string chainDirectory, string consolidatedDirectory, IReadOnlyCollection<string> ignoreTables, CancellationToken cancellationToken)
    {
        var chain = await FingerprintAsync(MigrationSet.Load(chainDirectory), "chain", ignoreTables, cancellationToken);
        var consolidated = await FingerprintAsync(MigrationSet.Load(consolidatedDirectory), "cons", ignoreTables, cancellationToken);
        return new VerificationReport(chain.Count, consolidated.Count, chain.Fingerprint.Facts.Count, chain.Fingerprint.Hash, consolidated.Fingerprint.Hash,
            CatalogFingerprint.Compare(chain.Fingerprint, consolidated.Fingerprint));
    }

    public async Task<(CatalogFingerprint Fingerprint, int Count)> FingerprintAsync(MigrationSet set, string purpose, IReadOnlyCollection<string> ignoreTables, CancellationToken cancellationToken)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(serverConnectionString, purpose, cancellationToken);
        var applied = await MigrationApplier.ApplyAsync(scratch.ConnectionString, set, cancellationToken);
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(scratch.ConnectionString);
        return (await CatalogFingerprint.CaptureAsync(dataSource, ignoreTables, cancellationToken), applied);
    }
}
