namespace ReplyX.Rollout.Core.Ownership;

/// <summary>
/// A schema object as a statement names it: identifiers folded as PostgreSQL folds them, schema kept when
/// written. Columns and constraints carry their table. Two names denote the same object when their last parts
/// match and, where both name a schema, the schemas do too (an unqualified name resolves through search_path).
/// </summary>
public sealed record SchemaObject(SchemaObjectKind Kind, string Name, string? Table = null)
{
    public string BareName => Bare(Name);

    public bool SameAs(SchemaObject other) =>
        Kind == other.Kind && SameName(Name, other.Name) && (Table is null || other.Table is null || SameName(Table, other.Table));

    public override string ToString() => Kind switch
    {
        SchemaObjectKind.Column => $"column {Table}.{Name}",
        SchemaObjectKind.Constraint => $"constraint {Name} on {Table}",
        _ => $"{Kind.ToString().ToLowerInvariant()} {Name}",
    };

    public static bool SameName(string a, string b)
    {
        if (!string.Equals(Bare(a), Bare(b), StringComparison.Ordinal))
        {
            return false;
        }

        var schemaA = Schema(a);
        var schemaB = Schema(b);
        return schemaA is null || schemaB is null || string.Equals(schemaA, schemaB, StringComparison.Ordinal);
    }

    private static string Bare(string name) => name[(name.LastIndexOf('.') + 1)..];

    private static string? Schema(string name) => name.LastIndexOf('.') is var dot and > 0 ? name[..dot] : null;
}
