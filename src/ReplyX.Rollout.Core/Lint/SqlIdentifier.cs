namespace ReplyX.Rollout.Core.Lint;

/// <summary>Identifiers written back into SQL: each dot-separated part double-quoted, embedded quotes doubled.</summary>
public static class SqlIdentifier
{
    /// <summary>Quotes a possibly schema-qualified name as the lexer folded it (<c>public.ix</c> → <c>"public"."ix"</c>).</summary>
    public static string Quote(string name) =>
        string.Join('.', name.Split('.').Select(part => "\"" + part.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
}
