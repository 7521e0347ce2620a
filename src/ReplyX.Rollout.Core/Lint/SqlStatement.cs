namespace ReplyX.Rollout.Core.Lint;

/// <summary>One statement of a step: its tokens (comments removed) and where it starts in the step's SQL.</summary>
public sealed class SqlStatement(IReadOnlyList<SqlToken> tokens, string text)
{
    public IReadOnlyList<SqlToken> Tokens { get; } = tokens;

    public string Text { get; } = text;

    public int Offset => Tokens[0].Offset;

    public bool StartsWith(params string[] words) => MatchesAt(0, words);

    public bool MatchesAt(int index, params string[] words)
    {
        if (index + words.Length > Tokens.Count)
        {
            return false;
        }

        for (var w = 0; w < words.Length; w++)
        {
            if (!Tokens[index + w].IsWord(words[w]))
            {
                return false;
            }
        }

        return true;
    }

    public int IndexOfWord(string word, int from = 0)
    {
        for (var i = from; i < Tokens.Count; i++)
        {
            if (Tokens[i].IsWord(word))
            {
                return i;
            }
        }

        return -1;
    }

    public bool ContainsWord(string word) => IndexOfWord(word) >= 0;

    /// <summary>The statement's text from token <paramref name="from"/> up to (not including) token <paramref name="to"/>, or to its end.</summary>
    public string TextBetween(int from, int? to = null)
    {
        if (from >= Tokens.Count)
        {
            return "";
        }

        var start = Tokens[from].Offset - Offset;
        var end = to is { } t && t < Tokens.Count ? Tokens[t].Offset - Offset : Text.Length;
        return Text[start..end].Trim();
    }

    /// <summary>Reads a possibly schema-qualified name at <paramref name="index"/>; returns the index after it.</summary>
    public (string? Name, int Next) QualifiedName(int index)
    {
        if (index >= Tokens.Count || !Tokens[index].IsIdentifier)
        {
            return (null, index);
        }

        var name = Tokens[index].Identifier;
        var next = index + 1;
        while (next + 1 < Tokens.Count && Tokens[next].Text == "." && Tokens[next + 1].IsIdentifier)
        {
            name += "." + Tokens[next + 1].Identifier;
            next += 2;
        }

        return (name, next);
    }

    /// <summary>The token ranges between commas at parenthesis depth 0, from <paramref name="from"/> to <paramref name="end"/> (a list of actions, of SET targets).</summary>
    public List<(int From, int To)> TopLevelParts(int from, int? end = null)
    {
        var parts = new List<(int, int)>();
        var last = end ?? Tokens.Count;
        var depth = 0;
        var start = from;
        for (var i = from; i < last; i++)
        {
            var text = Tokens[i].Text;
            if (text is "(" or "[")
            {
                depth++;
            }
            else if (text is ")" or "]")
            {
                depth--;
            }
            else if (text == "," && depth == 0)
            {
                if (i > start)
                {
                    parts.Add((start, i));
                }

                start = i + 1;
            }
        }

        if (last > start)
        {
            parts.Add((start, last));
        }

        return parts;
    }

    /// <summary>The index after the parenthesised group that starts at <paramref name="i"/>, or <paramref name="i"/> when none starts there.</summary>
    public int SkipParentheses(int i)
    {
        if (i >= Tokens.Count || Tokens[i].Text != "(")
        {
            return i;
        }

        var depth = 0;
        for (; i < Tokens.Count; i++)
        {
            if (Tokens[i].Text == "(")
            {
                depth++;
            }
            else if (Tokens[i].Text == ")" && --depth == 0)
            {
                return i + 1;
            }
        }

        return i;
    }

    /// <summary>Splits SQL into statements on top-level semicolons; dollar-quoted bodies stay whole.</summary>
    public static IReadOnlyList<SqlStatement> Split(string sql)
    {
        var statements = new List<SqlStatement>();
        var current = new List<SqlToken>();
        foreach (var token in SqlLexer.Tokenize(sql))
        {
            if (token.Kind == SqlTokenKind.Semicolon)
            {
                Flush(sql, current, token.Offset, statements);
                current = [];
            }
            else
            {
                current.Add(token);
            }
        }

        Flush(sql, current, sql.Length, statements);
        return statements;
    }

    private static void Flush(string sql, List<SqlToken> tokens, int end, List<SqlStatement> statements)
    {
        if (tokens.Count > 0)
        {
            statements.Add(new SqlStatement(tokens, sql[tokens[0].Offset..end].Trim()));
        }
    }
}
