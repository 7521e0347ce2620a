namespace ReplyX.Rollout.Core.Lint;

public enum SqlTokenKind
{
    /// <summary>An unquoted identifier or keyword; PostgreSQL folds it to lower case, we compare upper case.</summary>
    Word,
    QuotedIdentifier,
    String,
    DollarString,
    Number,
    Parameter,
    Punctuation,
    Semicolon,
}
