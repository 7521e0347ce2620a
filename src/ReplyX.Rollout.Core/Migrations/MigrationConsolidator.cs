using ReplyX.Rollout.Core.Migrations.Tools;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Core.Migrations;

/// <summary>
/// Writes a consolidated baseline from a chain with the chain's own tool: the chain is applied to a scratch
/// database, dumped schema-only (without the tool's bookkeeping), cut into parts by object kind, written in the
/// tool's format with the mapping for databases already at an old revision, and proven equal by fingerprint.
/// </summary>
public sealed class MigrationConsolidator(string serverConnectionString, PostgresTools tools)
{
    public async Task<Consolidation> ConsolidateAsync(IMigrationTool chain, MigrationToolOptions output, int? parts, IReadOnlyCollection<string> ignoreTables, CancellationToken cancellationToken)
    {
        var graph = await chain.GraphAsync(cancellationToken);
        if (chain is SqlMigrationTool && ConflictDetector.Find(graph) is { Count: > 0 } conflicts)
        {
            throw new MigrationApplyException($"the chain has {conflicts.Count} conflict(s); resolve them before consolidating: {string.Join("; ", conflicts)}");
        }

        if (graph.Heads() is not [var head])
        {
            throw new MigrationApplyException($"the chain has {graph.Heads().Count} heads ({string.Join(", ", graph.Heads().Select(h => h.Revision))}); merge them first (migrations conflicts shows how they differ).");
        }

        if (Directory.Exists(output.Directory) && Directory.EnumerateFiles(output.Directory).Any(f => f.EndsWith(".py", StringComparison.Ordinal) || f.EndsWith(".sql", StringComparison.Ordinal)))
        {
            throw new MigrationApplyException($"{output.Directory} already holds migrations; write a baseline into a new or empty folder.");
        }

        var dump = await DumpAsync(chain, [.. ignoreTables, .. chain.OwnTables], cancellationToken);
        var baseline = BaselineSplitter.Split(dump, parts);
        var replaces = $"{graph.Migrations.Count} revisions of {Path.GetFileName(Path.GetFullPath(chain.Location).TrimEnd(Path.DirectorySeparatorChar))}/ through {head.Revision}";
        var files = BaselineWriter.Write(output.Tool, baseline, output.Directory, replaces);
        var newHead = files[^1].Revision;
        var mapping = new List<(string, string)>
        {
            ("(a new database)", $"{output.Tool} upgrade head with the baseline"),
            (head.Revision, $"{output.Tool} stamp --purge {newHead} with the baseline: it already has this schema"),
        };
        mapping.AddRange((graph.ApplyOrder() ?? []).Where(m => m.Revision != head.Revision).Reverse()
            .Select(m => (m.Revision, $"{chain.Name} upgrade {head.Revision} with the old chain first, then stamp --purge {newHead} with the baseline")));
        await File.WriteAllLinesAsync(Path.Combine(output.Directory, "MAPPING.md"),
        [
            $"# From the old chain to this baseline",
            "",
            $"This baseline ({files.Count} migration(s), head `{newHead}`) replaces {replaces}. A database at:",
            "",
            "| revision | does |",
            "|---|---|",
            .. mapping.Select(m => $"| `{m.Item1}` | {m.Item2} |"),
        ], cancellationToken);
        var proof = await new MigrationVerifier(serverConnectionString, tools).VerifyAsync(chain, output.Create(), ignoreTables, cancellationToken);
        return new Consolidation(baseline, files, head.Revision, mapping, proof);
    }

    /// <summary>
    /// Follows the mapping for a database at <paramref name="from"/>: old chain to <paramref name="from"/>, then to its
    /// head, then the baseline stamped at its head and upgraded (nothing to run); returns how that catalog differs from
    /// a new database built from the baseline alone (empty: the mapping is right).
    /// </summary>
    public async Task<IReadOnlyList<SchemaDifference>> ProveMappingAsync(IMigrationTool chain, IMigrationTool baseline, string from, IReadOnlyCollection<string> ignoreTables, CancellationToken cancellationToken)
    {
        var newHead = (await baseline.GraphAsync(cancellationToken)).Heads().Single().Revision;
        var ignored = ignoreTables.Concat(chain.OwnTables).Concat(baseline.OwnTables).Distinct().ToList();
        var comparison = await new MigrationVerifier(serverConnectionString, tools).CompareAsync(
        [
            c => chain.UpgradeAsync(c, from, cancellationToken),
            c => chain.UpgradeAsync(c, IMigrationTool.Heads, cancellationToken),
            c => baseline.StampAsync(c, newHead, cancellationToken),
            c => baseline.UpgradeAsync(c, IMigrationTool.Heads, cancellationToken),
        ], [c => baseline.UpgradeAsync(c, IMigrationTool.Heads, cancellationToken)], ignored, cancellationToken);
        return comparison.Differences;
    }

    private async Task<SchemaDump> DumpAsync(IMigrationTool chain, IReadOnlyCollection<string> excluded, CancellationToken cancellationToken)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(serverConnectionString, "consolidate", cancellationToken);
        await chain.UpgradeAsync(scratch.ConnectionString, IMigrationTool.Heads, cancellationToken);
        var temp = Path.Combine(Path.GetTempPath(), $"replyx-consolidate-{Guid.NewGuid():N}.sql");
        try
        {
            await tools.RunAsync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", "--no-comments", $"--file={temp}", .. excluded.Select(t => $"--exclude-table={t}")], scratch.ConnectionString, cancellationToken);
            return SchemaDump.Parse(await File.ReadAllTextAsync(temp, cancellationToken));
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
