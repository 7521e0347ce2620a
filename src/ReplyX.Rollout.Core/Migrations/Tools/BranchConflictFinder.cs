using Npgsql;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Core.Migrations.Tools;

/// <summary>
/// Conflicts found from the schema the tool really builds, not from reading migration files: for every fork of the
/// graph (two heads, or the two parents of a merge) each branch is applied revision by revision from the common
/// ancestor on a scratch database of its own, and the catalog facts each revision changed are compared. Reported,
/// with the revisions on each side: an object added on both branches, an object altered on both, an object dropped
/// on one and still changed or referenced on the other; for unmerged heads also whether the tool can apply them
/// together, and the heads themselves as the tool lists them.
/// </summary>
public sealed class BranchConflictFinder(string serverConnectionString)
{
    public const string AddedTwice = "added-twice";
    public const string AlteredTwice = "altered-on-both-branches";
    public const string HeadsDoNotApply = "heads-do-not-apply";

    public async Task<(MigrationSet Graph, IReadOnlyList<MigrationConflict> Conflicts)> FindAsync(IMigrationTool tool, IReadOnlyCollection<string> ignoreTables, CancellationToken cancellationToken)
    {
        var graph = await tool.GraphAsync(cancellationToken);
        var ignored = ignoreTables.Concat(tool.OwnTables).ToList();
        var conflicts = new List<MigrationConflict>();
        var heads = graph.Heads();
        if (heads.Count > 1)
        {
            conflicts.Add(new MigrationConflict(MigrationConflict.MultipleHeads,
                $"{heads.Count} heads: {string.Join(", ", heads.Select(h => $"{h.Revision} ({h.File})"))}", [.. heads.Select(h => h.File)]));
        }

        var forks = Pairs(heads.Select(h => h.Revision).ToList())
            .Concat(graph.Migrations.Where(m => m.DownRevisions.Count > 1).SelectMany(m => Pairs(m.DownRevisions)))
            .ToList();
        foreach (var (left, right) in forks)
        {
            var common = Lineage(graph, left).Intersect(Lineage(graph, right)).ToHashSet(StringComparer.Ordinal);
            var bases = common.Where(c => !common.Any(other => other != c && graph.Ancestors(other).Contains(c))).Order(StringComparer.Ordinal).ToList();
            var leftChanges = await WalkAsync(tool, graph, bases, Branch(graph, left, common), ignored, cancellationToken);
            var rightChanges = await WalkAsync(tool, graph, bases, Branch(graph, right, common), ignored, cancellationToken);
            conflicts.AddRange(Compare(leftChanges, rightChanges));
        }

        if (heads.Count > 1)
        {
            await using var scratch = await ScratchDatabase.CreateAsync(serverConnectionString, "heads", cancellationToken);
            try
            {
                await tool.UpgradeAsync(scratch.ConnectionString, IMigrationTool.Heads, cancellationToken);
            }
            catch (MigrationApplyException exception)
            {
                conflicts.Add(new MigrationConflict(HeadsDoNotApply, $"{tool.Name} cannot apply the heads together: {exception.Message}", [.. heads.Select(h => h.File)]));
            }
        }

        return (graph, conflicts);
    }

    /// <summary>One fact a branch changed: before the branch, after it, and the branch's last revision that changed it.</summary>
    private sealed record Change(string Fact, string? Before, string? After, Migration By);

    private async Task<Dictionary<string, Change>> WalkAsync(IMigrationTool tool, MigrationSet graph, IReadOnlyList<string> bases, IReadOnlyList<Migration> branch, IReadOnlyCollection<string> ignored, CancellationToken cancellationToken)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(serverConnectionString, "branch", cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(scratch.ConnectionString);
        foreach (var @base in bases)
        {
            await tool.UpgradeAsync(scratch.ConnectionString, @base, cancellationToken);
        }

        var start = await CatalogFingerprint.CaptureAsync(dataSource, ignored, cancellationToken);
        var previous = start;
        var changes = new Dictionary<string, Change>(StringComparer.Ordinal);
        foreach (var migration in branch)
        {
            await tool.UpgradeAsync(scratch.ConnectionString, migration.Revision, cancellationToken);
            var now = await CatalogFingerprint.CaptureAsync(dataSource, ignored, cancellationToken);
            foreach (var difference in CatalogFingerprint.Compare(previous, now))
            {
                changes[difference.Object] = new Change(difference.Object, start.Facts.GetValueOrDefault(difference.Object), difference.Consolidated, migration);
            }

            previous = now;
        }

        // A fact changed and changed back is no change of the branch.
        return changes.Where(c => c.Value.Before != c.Value.After).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
    }

    private static IEnumerable<MigrationConflict> Compare(Dictionary<string, Change> left, Dictionary<string, Change> right)
    {
        foreach (var fact in left.Keys.Intersect(right.Keys).Order(StringComparer.Ordinal))
        {
            var (l, r) = (left[fact], right[fact]);
            var files = new[] { l.By.File, r.By.File };
            if (l.Before is null)
            {
                yield return new MigrationConflict(AddedTwice,
                    $"{fact} added on both branches: {Did(l)} and {Did(r)}{(l.After == r.After ? " (the same definition: applying both still fails)" : "")}", files);
            }
            else if (l.After is null || r.After is null)
            {
                var (dropped, kept) = l.After is null ? (l, r) : (r, l);
                yield return new MigrationConflict(MigrationConflict.DroppedThenReferenced, $"{fact} dropped by {Did(dropped)} while {Did(kept)}", files);
            }
            else
            {
                yield return new MigrationConflict(AlteredTwice,
                    $"{fact} altered on both branches{(l.After == r.After ? " to the same definition" : ", differently")}: {Did(l)}; {Did(r)}", files);
            }
        }

        foreach (var (dropped, other) in new[] { (left, right), (right, left) })
        {
            foreach (var drop in dropped.Values.Where(c => c.After is null && !other.ContainsKey(c.Fact)))
            {
                if (other.Values.FirstOrDefault(c => c.After is not null && Refers(c, drop.Fact)) is { } user)
                {
                    yield return new MigrationConflict(MigrationConflict.DroppedThenReferenced,
                        $"{drop.Fact} dropped by {Did(drop)} while the other branch {Did(user)}, which uses it", [drop.By.File, user.By.File]);
                }
            }
        }
    }

    /// <summary>Whether a changed fact names the dropped object: an index or constraint over a dropped column, anything on a dropped table.</summary>
    private static bool Refers(Change change, string droppedFact)
    {
        var space = droppedFact.IndexOf(' ', StringComparison.Ordinal);
        var (kind, name) = (droppedFact[..space], droppedFact[(space + 1)..]);
        var text = change.Fact + " " + change.After;
        return kind switch
        {
            "column" when name.Split('.') is [.. var tableParts, var column] =>
                Mentions(text, string.Join('.', tableParts)) && Mentions(text, column) && !change.Fact.StartsWith("column ", StringComparison.Ordinal),
            "table" => Mentions(text, name) && change.Fact != droppedFact,
            _ => Mentions(change.After ?? "", name),
        };
    }

    private static bool Mentions(string text, string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![\w""]){System.Text.RegularExpressions.Regex.Escape(name)}(?![\w""])");

    private static string Did(Change change) => (change.Before, change.After) switch
    {
        (null, var after) => $"{change.By.Revision} ({change.By.File}) adds it as {after}",
        (_, null) => $"{change.By.Revision} ({change.By.File})",
        var (before, after) => $"{change.By.Revision} ({change.By.File}) changes it from {before} to {after}",
    };

    private static IEnumerable<(string Left, string Right)> Pairs(IReadOnlyList<string> revisions)
    {
        for (var i = 0; i < revisions.Count; i++)
        {
            for (var j = i + 1; j < revisions.Count; j++)
            {
                yield return (revisions[i], revisions[j]);
            }
        }
    }

    private static HashSet<string> Lineage(MigrationSet graph, string revision) => [.. graph.Ancestors(revision), revision];

    /// <summary>The revisions of a branch beyond the common part, in an order that applies each after its parents.</summary>
    private static IReadOnlyList<Migration> Branch(MigrationSet graph, string tip, IReadOnlySet<string> common)
    {
        var own = Lineage(graph, tip).Except(common).ToHashSet(StringComparer.Ordinal);
        return [.. (graph.ApplyOrder() ?? []).Where(m => own.Contains(m.Revision))];
    }
}
