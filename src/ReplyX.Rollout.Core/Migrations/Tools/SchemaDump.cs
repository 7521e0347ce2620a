using System.Text.RegularExpressions;

namespace ReplyX.Rollout.Core.Migrations.Tools;

/// <summary>
/// A <c>pg_dump --schema-only</c> script read as its entries (each with the type and name pg_dump's header gives
/// it), in pg_dump's dependency order, plus the session settings it starts with. The
/// <c>search_path = ''</c> setting is dropped (the dump qualifies every name, and a migration tool's own
/// bookkeeping in the same session must still find its table), so is <c>client_encoding</c> (the scratch
/// server's, not the project's: the driver sets its own); psql meta-commands are not SQL and are dropped.
/// </summary>
public sealed partial record SchemaDump(IReadOnlyList<string> Preamble, IReadOnlyList<SchemaDump.Entry> Entries)
{
    public sealed record Entry(string Type, string Name, string Sql);

    [GeneratedRegex(@"^-- Name: (?<name>.*?); Type: (?<type>[^;]+); Schema: [^;]*; Owner: .*$")]
    private static partial Regex Header();

    public static SchemaDump Parse(string script)
    {
        var lines = script.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Where(l => !l.StartsWith('\\')).ToList();
        var preamble = new List<string>();
        var entries = new List<Entry>();
        (string Type, string Name)? current = null;
        var body = new List<string>();
        var skipClosingDashes = false;
        void Flush()
        {
            // An entry ends before the "--" block that opens the next header (or the dump's closing comment); its
            // own text, comments and blank lines inside function bodies included, is kept verbatim.
            while (body.Count > 0 && (body[^1].Length == 0 || body[^1].StartsWith("--", StringComparison.Ordinal)))
            {
                body.RemoveAt(body.Count - 1);
            }

            var sql = string.Join('\n', body).Trim('\n', ' ');
            if (current is { } c && sql.Length > 0)
            {
                entries.Add(new Entry(c.Type, c.Name, sql));
            }

            body.Clear();
        }

        foreach (var line in lines)
        {
            if (Header().Match(line) is { Success: true } header)
            {
                Flush();
                current = (header.Groups["type"].Value, header.Groups["name"].Value);
                skipClosingDashes = true;
            }
            else if (skipClosingDashes && line == "--")
            {
                skipClosingDashes = false;
            }
            else if (current is null)
            {
                if ((line.StartsWith("SET ", StringComparison.Ordinal) && !line.StartsWith("SET client_encoding", StringComparison.Ordinal))
                    || (line.StartsWith("SELECT pg_catalog.set_config", StringComparison.Ordinal) && !line.Contains("'search_path'", StringComparison.Ordinal)))
                {
                    preamble.Add(line);
                }
            }
            else
            {
                body.Add(line);
            }
        }

        Flush();
        return new SchemaDump(preamble, entries);
    }
}
