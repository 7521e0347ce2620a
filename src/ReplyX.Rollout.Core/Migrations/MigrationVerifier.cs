using Npgsql;
using ReplyX.Rollout.Core.Migrations.Tools;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Core.Migrations;

/// <summary>
/// Proves a consolidation: the chain and the consolidated set are each applied by their migration tool to their own
/// scratch database on the given server and their catalog fingerprints compared fact by fact (the tools' own
/// bookkeeping tables left out). A fact that differs only in how PostgreSQL prints an expression it parsed again
/// (<c>x = ANY (ARRAY[...]::text[])</c> after a dump and restore of <c>x IN (...)</c> on a varchar column) is
/// checked against the chain's schema after a dump and restore of its own; it counts as equal only when it equals
/// that, and the report lists it. The scratch databases are always dropped.
/// </summary>
public sealed class MigrationVerifier(string serverConnectionString, PostgresTools? tools = null)
{
    public async Task<VerificationReport> VerifyAsync(IMigrationTool chain, IMigrationTool consolidated, IReadOnlyCollection<string> ignoreTables, CancellationToken cancellationToken)
    {
        var ignored = ignoreTables.Concat(chain.OwnTables).Concat(consolidated.OwnTables).Distinct().ToList();
        var chainCount = (await chain.GraphAsync(cancellationToken)).Migrations.Count;
        var consolidatedCount = (await consolidated.GraphAsync(cancellationToken)).Migrations.Count;
        var comparison = await CompareAsync(
            [c => chain.UpgradeAsync(c, IMigrationTool.Heads, cancellationToken)],
            [c => consolidated.UpgradeAsync(c, IMigrationTool.Heads, cancellationToken)], ignored, cancellationToken);
        return new VerificationReport(chainCount, consolidatedCount, comparison.Expected.Facts.Count, comparison.Expected.Hash, comparison.Actual.Hash, comparison.Differences)
        {
            Reparsed = comparison.Reparsed,
        };
    }

    /// <summary>
    /// Builds the <paramref name="expected"/> and the <paramref name="actual"/> schema on two scratch databases and
    /// compares them; a fact that differs is re-checked against the expected schema as PostgreSQL prints it after a
    /// dump and restore, and listed as <c>Reparsed</c> when it equals that.
    /// </summary>
    public async Task<(CatalogFingerprint Expected, CatalogFingerprint Actual, IReadOnlyList<SchemaDifference> Differences, IReadOnlyList<string> Reparsed)> CompareAsync(
        IReadOnlyList<Func<string, Task>> expected, IReadOnlyList<Func<string, Task>> actual, IReadOnlyCollection<string> ignored, CancellationToken cancellationToken)
    {
        await using var expectedScratch = await ScratchDatabase.CreateAsync(serverConnectionString, "expected", cancellationToken);
        foreach (var step in expected)
        {
            await step(expectedScratch.ConnectionString);
        }

        var expectedPrint = await CaptureAsync(expectedScratch.ConnectionString, ignored, cancellationToken);
        var actualPrint = await BuildAsync("actual", actual, ignored, cancellationToken);
        var differences = CatalogFingerprint.Compare(expectedPrint, actualPrint);
        var reparsed = new List<string>();
        if (differences.Count > 0)
        {
            var roundTrip = await RoundTripAsync(expectedScratch.ConnectionString, ignored, cancellationToken);
            reparsed.AddRange(differences.Where(d => d.Consolidated is not null && roundTrip.Facts.GetValueOrDefault(d.Object) == d.Consolidated).Select(d => d.Object));
            differences = [.. differences.Where(d => !reparsed.Contains(d.Object))];
        }

        return (expectedPrint, actualPrint, differences, reparsed);
    }

    /// <summary>The chain's schema as PostgreSQL prints it after parsing its own dump again (pg_dump, pg_restore into another scratch database).</summary>
    private async Task<CatalogFingerprint> RoundTripAsync(string chainDatabase, IReadOnlyCollection<string> ignored, CancellationToken cancellationToken)
    {
        var postgres = tools ?? new PostgresTools();
        var dump = Path.Combine(Path.GetTempPath(), $"replyx-roundtrip-{Guid.NewGuid():N}.dump");
        try
        {
            await postgres.RunAsync("pg_dump", ["--schema-only", "--format=custom", "--no-owner", "--no-privileges", $"--file={dump}"], chainDatabase, cancellationToken);
            await using var restored = await ScratchDatabase.CreateAsync(serverConnectionString, "reparse", cancellationToken);
            await postgres.RunAsync("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", $"--dbname={new NpgsqlConnectionStringBuilder(restored.ConnectionString).Database}", dump], restored.ConnectionString, cancellationToken);
            return await CaptureAsync(restored.ConnectionString, ignored, cancellationToken);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static async Task<CatalogFingerprint> CaptureAsync(string connectionString, IReadOnlyCollection<string> ignored, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return await CatalogFingerprint.CaptureAsync(dataSource, ignored, cancellationToken);
    }

    /// <summary>The catalog after running <paramref name="steps"/> on a new scratch database, in order.</summary>
    public async Task<CatalogFingerprint> BuildAsync(string purpose, IReadOnlyList<Func<string, Task>> steps, IReadOnlyCollection<string> ignoreTables, CancellationToken cancellationToken)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(serverConnectionString, purpose, cancellationToken);
        foreach (var step in steps)
        {
            await step(scratch.ConnectionString);
        }

        await using var dataSource = NpgsqlDataSource.Create(scratch.ConnectionString);
        return await CatalogFingerprint.CaptureAsync(dataSource, ignoreTables, cancellationToken);
    }
}
