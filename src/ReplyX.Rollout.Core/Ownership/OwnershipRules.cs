using ReplyX.Rollout.Core.Lint;

namespace ReplyX.Rollout.Core.Ownership;

/// <summary>
/// The ownership rules as pure functions over a step's statements, the run's ledger and what the catalog said: a
/// step that creates an object of an existing name adopts it only when the definitions are identical and refuses
/// to run otherwise; a rollback never drops, alters, renames or writes an object that existed before the run.
/// </summary>
public static class OwnershipRules
{
    /// <summary>The effects of each statement whose objects the run's ledger does not know yet: what must be probed.</summary>
    public static IReadOnlyList<StatementEffect> ToProbe(IReadOnlyList<SqlStatement> statements, IReadOnlyList<OwnedObject> ledger) =>
        [.. statements.SelectMany(StatementEffects.Read).Where(e => Find(ledger, e.Object) is null)];

    /// <summary>
    /// Before an expand or contract step: the plan and the ledger rows the step adds. An object an earlier step of
    /// the run already named keeps its ledger row (a later CREATE OR REPLACE of the run's own function is the run's).
    /// </summary>
    public static (OwnershipPlan Plan, IReadOnlyList<OwnedObject> Added) PlanApply(
        IReadOnlyList<SqlStatement> statements, IReadOnlyList<OwnedObject> ledger, ProbeResult probe, int ordinal, string stepKind)
    {
        var added = new List<OwnedObject>();
        foreach (var finding in probe.Creations)
        {
            var action = finding.Verdict switch
            {
                OwnershipVerdict.New => ObjectAction.Created,
                OwnershipVerdict.Identical => ObjectAction.Adopted,
                OwnershipVerdict.Invalid => ObjectAction.ReplacedInvalid,
                _ => ObjectAction.Refused,
            };
            added.Add(new OwnedObject(finding.Object, ordinal, stepKind, finding.Exists, action, finding.Existing, finding.Intended));
        }

        added.AddRange(probe.References.Select(r => new OwnedObject(r.Object, ordinal, stepKind, r.Exists, ObjectAction.Referenced)));

        var all = ledger.Concat(added).ToList();
        var skip = new Dictionary<int, string>();
        for (var i = 0; i < statements.Count; i++)
        {
            var effects = StatementEffects.Read(statements[i]);
            if (effects.Count > 0 && effects.All(e => e.Change == ObjectChange.Create && Find(all, e.Object) is { Action: ObjectAction.Adopted }))
            {
                skip[i] = $"adopted, not created: {string.Join(", ", effects.Select(e => e.Object))} already exists with the same definition";
            }
        }

        var refused = probe.Creations.Where(f => f.Refuses).ToList();
        var refusal = refused.Count == 0 ? null
            : "refused before any change: " + string.Join("; ", refused.Select(f => f.Describe()))
              + ". Drop or rename the existing object, or change the step to match it; the step's rollback will not touch it.";
        var notes = Opaque(statements);
        return (new OwnershipPlan(probe.Creations, probe.References, skip, refusal, notes), added);
    }

    /// <summary>
    /// Before a rollback step: each statement that would drop, alter, rename or write an object the run does not
    /// own is skipped with the reason. An object no step of the run named is judged by the catalog now: absent, the
    /// statement is harmless; present, the run cannot show it created it, so it is left.
    /// </summary>
    public static OwnershipPlan PlanUndo(IReadOnlyList<SqlStatement> statements, IReadOnlyList<OwnedObject> ledger, IReadOnlyList<ObjectPresence> unknownNow)
    {
        var skip = new Dictionary<int, string>();
        for (var i = 0; i < statements.Count; i++)
        {
            var reasons = new List<string>();
            foreach (var effect in StatementEffects.Read(statements[i]).Where(e => e.Change != ObjectChange.Create))
            {
                if (Find(ledger, effect.Object) is { } owned)
                {
                    if (!owned.Owns)
                    {
                        reasons.Add($"{Verb(effect.Change)} {effect.Object}, which existed before the run ({Describe(owned)})");
                    }

                    continue;
                }

                if (effect.Object.Table is { } table && Find(ledger, new SchemaObject(SchemaObjectKind.Table, table)) is { Owns: true })
                {
                    continue;
                }

                if (unknownNow.FirstOrDefault(p => p.Object.SameAs(effect.Object)) is { Exists: true })
                {
                    reasons.Add($"{Verb(effect.Change)} {effect.Object}, which no step of this run created (it exists, and the run's ledger does not name it)");
                }
            }

            if (reasons.Count > 0)
            {
                skip[i] = "skipped: it would " + string.Join("; and ", reasons);
            }
        }

        return new OwnershipPlan([], unknownNow, skip, null, Opaque(statements));
    }

    /// <summary>Objects a rollback names that the ledger does not know: their presence now decides (see <see cref="PlanUndo"/>).</summary>
    public static IReadOnlyList<StatementEffect> UnknownInUndo(IReadOnlyList<SqlStatement> statements, IReadOnlyList<OwnedObject> ledger) =>
        [.. statements.SelectMany(StatementEffects.Read).Where(e => e.Change != ObjectChange.Create && Find(ledger, e.Object) is null)];

    public static OwnedObject? Find(IEnumerable<OwnedObject> ledger, SchemaObject obj) => ledger.FirstOrDefault(o => o.Object.SameAs(obj));

    private static List<string> Opaque(IReadOnlyList<SqlStatement> statements) =>
        [.. statements.Select((s, i) => (s, i)).Where(x => StatementEffects.IsOpaque(x.s))
            .Select(x => $"statement {x.i + 1} is an anonymous block: what it touches cannot be read from its text, so ownership is not checked for it (RXL016)")];

    private static string Verb(ObjectChange change) => change switch
    {
        ObjectChange.Drop => "drop",
        ObjectChange.Alter => "alter",
        ObjectChange.Rename => "rename",
        _ => "write",
    };

    private static string Describe(OwnedObject owned) => owned.Action switch
    {
        ObjectAction.Adopted => $"adopted by {owned.StepKind} step {owned.Ordinal}",
        ObjectAction.Refused => $"{owned.StepKind} step {owned.Ordinal} refused to replace it",
        _ => $"already there when {owned.StepKind} step {owned.Ordinal} ran",
    };
}
