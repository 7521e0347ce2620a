using ReplyX.Rollout.Core.Lint;

namespace ReplyX.Rollout.Tests.Core.Lint;

public sealed class SqlLexerTests
{
    [Fact]
    public void Comments_never_become_tokens()
    {
        var tokens = SqlLexer.Tokenize("-- DROP TABLE users;\nSELECT /* outer /* nested; */ still comment */ 1;");

        Assert.Equal(["SELECT", "1", ";"], tokens.Select(t => t.Text));
    }

    [Fact]
    public void Semicolons_inside_strings_identifiers_and_dollar_quotes_do_not_split()
    {
        const string sql =
            """
            INSERT INTO t VALUES ('a;b', E'it\'s;', 'x''y;');
            CREATE TABLE "odd;name" (id int);
            DO $body$ BEGIN PERFORM 1; PERFORM 2; END $body$;
            CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$
            """;

        var statements = SqlStatement.Split(sql);

        Assert.Equal(4, statements.Count);
        Assert.StartsWith("INSERT", statements[0].Text);
        Assert.Equal("odd;name", statements[1].Tokens[2].Identifier);
        Assert.Equal(SqlTokenKind.DollarString, statements[2].Tokens[1].Kind);
        Assert.EndsWith("$$ SELECT 1; $$", statements[3].Text);
    }

    [Fact]
    public void Positional_parameters_are_not_dollar_quotes()
    {
        var tokens = SqlLexer.Tokenize("SELECT $1, $2 FROM t");

        Assert.Equal([SqlTokenKind.Word, SqlTokenKind.Parameter, SqlTokenKind.Punctuation, SqlTokenKind.Parameter, SqlTokenKind.Word, SqlTokenKind.Word], tokens.Select(t => t.Kind));
    }

    [Fact]
    public void Unquoted_identifiers_fold_to_lower_case_and_quoted_ones_keep_theirs()
    {
        var statement = SqlStatement.Split("ALTER TABLE Public.\"Dialog\"\"s\" ADD x int").Single();

        Assert.Equal("public.Dialog\"s", statement.QualifiedName(2).Name);
    }

    [Fact]
    public void An_unterminated_string_ends_at_the_end_of_input()
    {
        var tokens = SqlLexer.Tokenize("SELECT 'never closed; DROP TABLE x;");

        Assert.Equal(2, tokens.Count);
        Assert.Equal(SqlTokenKind.String, tokens[1].Kind);
    }
}
