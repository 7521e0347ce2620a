using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Core.Migrations;

/// <summary>
/// Writes a consolidated baseline from a chain: the chain is applied to a scratch database and dumped schema-only
/// in two ordered files (tables, types, functions and sequences; then indexes, constraints and triggers), without
/// the migration tool's own tables. The caller proves the result with <see cref="MigrationVerifier"/>.
/// </summary>
public sealed class MigrationConsolidator(string serverConnectionString, PostgresTools tools)
{
    public async Task<IReadOnlyList<string>> ConsolidateAsync(string chainDirectory, string outputDirectory, IReadOnlyCollection<string> ignoreTables, CancellationToken cancellationToken)
    {
        var set = MigrationSet.Load(chainDirectory);
        var conflicts = ConflictDetector.Find(set);
        if (conflicts.Count > 0)
        {
            throw new MigrationApplyException($"the chain has {conflicts.Count} conflict(s); resolve them before consolidating: {string.Join("; ", conflicts)}");
        }

        await using var scratch = await ScratchDatabase.CreateAsync(serverConnectionString, "consolidate", cancellationToken);
        var applied = await MigrationApplier.ApplyAsync(scratch.ConnectionString, set, cancellationToken);
        Directory.CreateDirectory(outputDirectory);
        var head = set.Heads().Single();
        var excluded = ignoreTables.Select(t => $"--exclude-table={t}").ToList();
        var written = new List<string>();
        foreach (var (section, file, what) in new[]
                 {
                     ("pre-data", "0001_baseline_schema.sql", "tables, types, sequences, functions"),
                     ("post-data", "0002_baseline_indexes_constraints.sql", "indexes, constraints, triggers"),
                 })
        {
            var temp = Path.Combine(Path.GetTempPath(), $"replyx-consolidate-{Guid.NewGuid():N}.sql");
            try
            {
                await tools.RunAsync("pg_dump", ["--schema-only", $"--section={section}", "--no-owner", "--no-privileges", "--no-comments", $"--file={temp}", .. excluded], scratch.ConnectionString, cancellationToken);
                // psql meta-commands (\restrict in current pg_dump) are not SQL; everything else is kept as dumped.
                var body = string.Join('\n', (await File.ReadAllLinesAsync(temp, cancellationToken)).Where(line => !line.StartsWith('\\')));
                var path = Path.Combine(outputDirectory, file);
                await File.WriteAllTextAsync(path,
                    $"-- Consolidated baseline ({what}) of {applied} migrations in {Path.GetFileName(Path.GetFullPath(chainDirectory))}/, through revision {head.Revision} ({head.File}).\n" +
                    $"-- Written by replyx-rollout migrations consolidate; prove it with replyx-rollout migrations verify.\n{body.Trim()}\n", cancellationToken);
                written.Add(path);
            }
            finally
            {
                File.Delete(temp);
            }
        }

        return written;
    }
}
