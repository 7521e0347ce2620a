using ReplyX.Rollout.Core.Lint;

namespace ReplyX.Rollout.Core.Ownership;

/// <summary>
/// One thing a statement does to one schema object. For a creation, <see cref="Definition"/> is the text after the
/// object's name (an index: everything after its table; a column: its type and constraints), from which the probe
/// builds the same object on scratch temporary objects to let PostgreSQL normalise the definition.
/// </summary>
public sealed record StatementEffect(ObjectChange Change, SchemaObject Object, SqlStatement Statement)
{
    /// <summary>IF NOT EXISTS on a creation, IF EXISTS on a drop.</summary>
    public bool Conditional { get; init; }

    /// <summary>CREATE OR REPLACE: an existing object of that name is silently replaced.</summary>
    public bool OrReplace { get; init; }

    /// <summary>For a unique index, UNIQUE.</summary>
    public bool Unique { get; init; }

    /// <summary>The creation's definition as written after the object's name (or, for an index, after its table).</summary>
    public string? Definition { get; init; }
}
