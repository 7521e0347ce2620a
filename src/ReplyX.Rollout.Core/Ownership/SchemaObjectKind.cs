namespace ReplyX.Rollout.Core.Ownership;

/// <summary>The kinds of schema object a step's statements are checked for ownership of (issue: a phase owns only what it created).</summary>
public enum SchemaObjectKind
{
    Index,
    Table,
    Column,
    Function,
    Constraint,
}
