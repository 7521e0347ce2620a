namespace ReplyX.Rollout.Core.Migrations;

/// <summary>One conflict in a migration graph: what kind, in words, and the files involved.</summary>
public sealed record MigrationConflict(string Kind, string Message, IReadOnlyList<string> Files)
{
    public const string MultipleHeads = "multiple-heads";
    public const string MissingParent = "missing-parent";
    public const string DuplicateRevision = "duplicate-revision";
    public const string Cycle = "cycle";
    public const string BranchOverlap = "branch-overlap";
    public const string DroppedThenReferenced = "dropped-then-referenced";
    public const string Unreadable = "unreadable";

    public override string ToString() => $"{Kind}: {Message}";
}
