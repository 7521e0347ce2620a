namespace ReplyX.Rollout.Core.Lint;

/// <summary>
/// A PostgreSQL lexer good enough to lint DDL honestly: line and nested block comments, quoted identifiers,
/// standard and E'' strings, dollar-quoted bodies (<c>$$...$$</c>, <c>$fn$...$fn$</c>) and positional
/// parameters. What a comment or a string says can never look like a statement.
/// </summary>
public static class SqlLexer
{
    public static IReadOnlyList<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && Peek(sql, i + 1) == '-')
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && Peek(sql, i + 1) == '*')
            {
                i = SkipBlockComment(sql, i);
            }
            else if (c == '\'' || ((c is 'E' or 'e') && Peek(sql, i + 1) == '\''))
            {
                var start = i;
                var escapes = c != '\'';
                i = SkipQuoted(sql, escapes ? i + 1 : i, '\'', escapes);
                tokens.Add(new SqlToken(SqlTokenKind.String, sql[start..i], start));
            }
            else if (c == '"')
            {
                var start = i;
                i = SkipQuoted(sql, i, '"', backslashEscapes: false);
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, sql[start..i], start));
            }
            else if (c == '$' && TryDollarTag(sql, i, out var tag))
            {
                var start = i;
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + tag.Length;
                tokens.Add(new SqlToken(SqlTokenKind.DollarString, sql[start..i], start));
            }
            else if (c == '$' && char.IsDigit(Peek(sql, i + 1)))
            {
                var start = i++;
                while (i < sql.Length && char.IsDigit(sql[i]))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Parameter, sql[start..i], start));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..i], start));
            }
            else if (char.IsDigit(c) || (c == '.' && char.IsDigit(Peek(sql, i + 1))))
            {
                var start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Number, sql[start..i], start));
            }
            else
            {
                tokens.Add(new SqlToken(c == ';' ? SqlTokenKind.Semicolon : SqlTokenKind.Punctuation, c.ToString(), i));
                i++;
            }
        }

        return tokens;
    }

    private static char Peek(string sql, int index) => index < sql.Length ? sql[index] : '\0';

    private static int SkipBlockComment(string sql, int i)
    {
        // PostgreSQL block comments nest.
        var depth = 0;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && Peek(sql, i + 1) == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && Peek(sql, i + 1) == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    private static int SkipQuoted(string sql, int i, char quote, bool backslashEscapes)
    {
        i++;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == quote)
            {
                if (Peek(sql, i + 1) == quote)
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    private static bool TryDollarTag(string sql, int i, out string tag)
    {
        tag = "";
        var j = i + 1;
        while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] == '_'))
        {
            j++;
        }

        if (j < sql.Length && sql[j] == '$' && (j == i + 1 || !char.IsDigit(sql[i + 1])))
        {
            tag = sql[i..(j + 1)];
            return true;
        }

        return false;
    }
}
