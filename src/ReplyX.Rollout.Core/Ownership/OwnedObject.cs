namespace ReplyX.Rollout.Core.Ownership;

/// <summary>
/// One row of a run's ownership ledger: an object, the step that first named it, whether it existed before the run
/// and what the run did with it. A rollback may drop, alter, rename or write only an object the run
/// <see cref="Owns"/>: one it created (or rebuilt from an INVALID leftover), or one that did not exist before.
/// </summary>
public sealed record OwnedObject(SchemaObject Object, int Ordinal, string StepKind, bool ExistedBefore, ObjectAction Action, string? Definition = null, string? Intended = null)
{
    public bool Owns => Action is ObjectAction.Created or ObjectAction.ReplacedInvalid || (Action == ObjectAction.Referenced && !ExistedBefore);
}
