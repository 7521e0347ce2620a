namespace ReplyX.Rollout.Core.Ownership;

/// <summary>One object a step creates, what exists under its name now, and both definitions when they can be read.</summary>
public sealed record ObjectFinding(SchemaObject Object, OwnershipVerdict Verdict, string? Existing, string? Intended, string? Note = null)
{
    public bool Exists => Verdict != OwnershipVerdict.New;

    /// <summary>A finding that stops the step before it changes anything.</summary>
    public bool Refuses => Verdict is OwnershipVerdict.Different or OwnershipVerdict.Unknown;

    public string Describe() => Verdict switch
    {
        OwnershipVerdict.New => $"{Object}: does not exist; the step creates it",
        OwnershipVerdict.Identical => $"{Object}: already exists with the same definition; adopted, not created (its rollback will leave it)",
        OwnershipVerdict.Invalid => $"{Object}: exists but is INVALID (a failed concurrent build); dropped and rebuilt",
        OwnershipVerdict.Different => $"{Object}: already exists with another definition; existing: {Existing}; the step's: {Intended}",
        _ => $"{Object}: already exists and its definition could not be compared ({Note}); existing: {Existing ?? "(unreadable)"}; the step's: {Intended ?? "(see the step)"}",
    };
}
