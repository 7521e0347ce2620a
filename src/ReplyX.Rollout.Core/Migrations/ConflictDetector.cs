namespace ReplyX.Rollout.Core.Migrations;

/// <summary>
/// Finds what makes a chain unsafe to consolidate or deploy: more than one head, a parent that does not exist, a
/// revision id used twice, a cycle, two migrations on parallel branches (neither builds on the other) that change
/// the same table or column, and an object dropped by one migration and referenced by a later or parallel one
/// that does not create it again.
/// </summary>
public static class ConflictDetector
{
    public static IReadOnlyList<MigrationConflict> Find(MigrationSet set)
    {
        var conflicts = new List<MigrationConflict>();
        conflicts.AddRange(set.Problems.Select(p => new MigrationConflict(MigrationConflict.Unreadable, p, [])));

        foreach (var duplicate in set.Migrations.GroupBy(m => m.Revision).Where(g => g.Count() > 1))
        {
            conflicts.Add(new MigrationConflict(MigrationConflict.DuplicateRevision, $"revision '{duplicate.Key}' is declared by {string.Join(" and ", duplicate.Select(m => m.File))}", [.. duplicate.Select(m => m.File)]));
        }

        foreach (var migration in set.Migrations)
        {
            foreach (var missing in migration.DownRevisions.Where(d => set.Find(d) is null))
            {
                conflicts.Add(new MigrationConflict(MigrationConflict.MissingParent, $"{migration.File} follows revision '{missing}', which no file declares", [migration.File]));
            }
        }

        var heads = set.Heads();
        if (heads.Count > 1)
        {
            conflicts.Add(new MigrationConflict(MigrationConflict.MultipleHeads,
                $"{heads.Count} heads: {string.Join(", ", heads.Select(h => $"{h.Revision} ({h.File})"))}; a merge migration must join them", [.. heads.Select(h => h.File)]));
        }

        if (set.ApplyOrder() is null)
        {
            conflicts.Add(new MigrationConflict(MigrationConflict.Cycle, "the down_revision links form a cycle: no order applies every migration after its parent", [.. set.Migrations.Select(m => m.File)]));
            return conflicts;
        }

        var ancestors = set.Migrations.DistinctBy(m => m.Revision).ToDictionary(m => m.Revision, m => set.Ancestors(m.Revision), StringComparer.Ordinal);
        var objects = set.Migrations.DistinctBy(m => m.Revision).ToDictionary(m => m.Revision, m => MigrationObjects.Read(m.Sql), StringComparer.Ordinal);
        var ordered = set.ApplyOrder()!;
        bool Parallel(Migration a, Migration b) => !ancestors[a.Revision].Contains(b.Revision) && !ancestors[b.Revision].Contains(a.Revision);

        for (var i = 0; i < ordered.Count; i++)
        {
            for (var j = i + 1; j < ordered.Count; j++)
            {
                var (a, b) = (ordered[i], ordered[j]);
                if (a.Revision == b.Revision || !Parallel(a, b))
                {
                    continue;
                }

                var shared = objects[a.Revision].Changes.Intersect(objects[b.Revision].Changes).Order(StringComparer.Ordinal).ToList();
                // A change to a column is the sharper finding; the bare table is reported only when no column is shared.
                var columns = shared.Where(s => s.Contains('.', StringComparison.Ordinal)).ToList();
                var report = columns.Count > 0 ? columns : shared;
                if (report.Count > 0)
                {
                    conflicts.Add(new MigrationConflict(MigrationConflict.BranchOverlap,
                        $"{a.File} and {b.File} are on parallel branches and both change {string.Join(", ", report)}", [a.File, b.File]));
                }
            }
        }

        foreach (var dropper in ordered)
        {
            foreach (var dropped in objects[dropper.Revision].Drops)
            {
                foreach (var user in ordered.Where(m => m.Revision != dropper.Revision && !ancestors[dropper.Revision].Contains(m.Revision)))
                {
                    var uses = objects[user.Revision];
                    if (!uses.References.Contains(dropped) || uses.Creates.Contains(dropped))
                    {
                        continue;
                    }

                    // Re-created in between (a descendant of the drop that the user builds on) is fine.
                    var recreated = ordered.Any(m => ancestors[m.Revision].Contains(dropper.Revision) && ancestors[user.Revision].Contains(m.Revision) && objects[m.Revision].Creates.Contains(dropped));
                    if (!recreated)
                    {
                        conflicts.Add(new MigrationConflict(MigrationConflict.DroppedThenReferenced,
                            $"{dropper.File} drops {dropped}, which {user.File} {(Parallel(dropper, user) ? "(a parallel branch)" : "(applied later)")} still uses", [dropper.File, user.File]));
                    }
                }
            }
        }

        return conflicts;
    }
}
