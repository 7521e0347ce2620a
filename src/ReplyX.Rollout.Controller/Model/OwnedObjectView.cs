using ReplyX.Rollout.Controller.Steps;
using ReplyX.Rollout.Core.Ownership;

namespace ReplyX.Rollout.Controller.Model;

/// <summary>One row of a run's ownership ledger as the API shows it.</summary>
public sealed record OwnedObjectView(string Object, string Kind, string Action, bool ExistedBefore, bool Owned, string StepKind, int Ordinal, string? Definition, string? Intended)
{
    public static OwnedObjectView From(OwnedObject o) =>
        new(o.Object.ToString(), o.Object.Kind.ToString().ToLowerInvariant(), OwnershipLedger.ActionName(o.Action), o.ExistedBefore, o.Owns, o.StepKind, o.Ordinal, o.Definition, o.Intended);
}
