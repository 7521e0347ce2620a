namespace ReplyX.Rollout.Core.Lint;

/// <summary>One lexical token of SQL, with its offset in the step's text. Comments never become tokens.</summary>
public sealed record SqlToken(SqlTokenKind Kind, string Text, int Offset)
{
    public bool IsWord(string upper) => Kind == SqlTokenKind.Word && string.Equals(Text, upper, StringComparison.OrdinalIgnoreCase);

    /// <summary>The identifier this token names: unquoted words fold to lower case, quoted ones keep their case.</summary>
    public string Identifier => Kind == SqlTokenKind.QuotedIdentifier
        ? Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal)
        : Text.ToLowerInvariant();

    public bool IsIdentifier => Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;
}
