using System.Globalization;
using System.Text.RegularExpressions;

namespace ReplyX.Rollout.Core.Migrations;

/// <summary>
/// A directory of migrations as a revision graph. Alembic files (<c>*.py</c>) give <c>revision</c> and
/// <c>down_revision</c> and run SQL through <c>op.execute(...)</c>; SQL files may carry the same two header comments
/// (<c>-- revision: a1</c>, <c>-- down_revision: a0</c>) or be plain ordered files, where each number follows the
/// one before it and two files with the same number are two heads.
/// </summary>
public sealed partial class MigrationSet
{
    private MigrationSet(string directory, MigrationFormat format, IReadOnlyList<Migration> migrations, IReadOnlyList<string> problems)
    {
        Directory = directory;
        Format = format;
        Migrations = migrations;
        Problems = problems;
    }

    public string Directory { get; }

    public MigrationFormat Format { get; }

    public IReadOnlyList<Migration> Migrations { get; }

    /// <summary>Files that could not be read as migrations at all (no revision, bad syntax).</summary>
    public IReadOnlyList<string> Problems { get; }

    public static MigrationSet Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"no migration directory '{directory}'.");
        }

        var files = System.IO.Directory.GetFiles(directory).Where(f => f.EndsWith(".py", StringComparison.Ordinal) || f.EndsWith(".sql", StringComparison.Ordinal))
            .Where(f => !Path.GetFileName(f).StartsWith("__", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        var texts = files.Select(f => (File: f, Text: System.IO.File.ReadAllText(f))).ToList();
        var graph = texts.Any(t => t.File.EndsWith(".py", StringComparison.Ordinal) || SqlRevision().IsMatch(t.Text));
        var migrations = graph ? ReadGraph(texts, problems) : ReadOrdered(texts, problems);
        return new MigrationSet(directory, graph ? MigrationFormat.RevisionGraph : MigrationFormat.OrderedSql, migrations, problems);
    }

    /// <summary>A graph a migration tool reported (its files are the tool's; their SQL is not read here).</summary>
    public static MigrationSet FromGraph(string directory, IReadOnlyList<Migration> migrations) => new(directory, MigrationFormat.RevisionGraph, migrations, []);

    public Migration? Find(string revision) => Migrations.FirstOrDefault(m => m.Revision == revision);

    /// <summary>The same graph without the given revisions (those a database already has).</summary>
    public MigrationSet Without(IReadOnlySet<string> revisions) =>
        new(Directory, Format, [.. Migrations.Where(m => !revisions.Contains(m.Revision))], Problems);

    /// <summary>The revision and everything it builds on: what upgrading to it applies.</summary>
    public MigrationSet Through(string revision)
    {
        var keep = Ancestors(revision).Append(revision).ToHashSet(StringComparer.Ordinal);
        return new MigrationSet(Directory, Format, [.. Migrations.Where(m => keep.Contains(m.Revision))], Problems);
    }

    /// <summary>Revisions nothing follows.</summary>
    public IReadOnlyList<Migration> Heads()
    {
        var followed = Migrations.SelectMany(m => m.DownRevisions).ToHashSet(StringComparer.Ordinal);
        return Migrations.Where(m => !followed.Contains(m.Revision)).ToList();
    }

    /// <summary>Every revision <paramref name="revision"/> builds on, transitively (not itself).</summary>
    public IReadOnlySet<string> Ancestors(string revision)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(Find(revision)?.DownRevisions ?? []);
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next) && Find(next) is { } migration)
            {
                foreach (var down in migration.DownRevisions)
                {
                    pending.Push(down);
                }
            }
        }

        return seen;
    }

    /// <summary>An order that applies every migration after the ones it follows (ties by file name); null when the graph has a cycle.</summary>
    public IReadOnlyList<Migration>? ApplyOrder()
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<Migration>();
        var remaining = Migrations.ToList();
        while (remaining.Count > 0)
        {
            var ready = remaining.FirstOrDefault(m => m.DownRevisions.All(d => done.Contains(d) || Find(d) is null));
            if (ready is null)
            {
                return null;
            }

            order.Add(ready);
            done.Add(ready.Revision);
            remaining.Remove(ready);
        }

        return order;
    }

    private static List<Migration> ReadGraph(List<(string File, string Text)> texts, List<string> problems)
    {
        var result = new List<Migration>();
        foreach (var (file, text) in texts)
        {
            var name = Path.GetFileName(file);
            var python = file.EndsWith(".py", StringComparison.Ordinal);
            var revision = (python ? PyRevision() : SqlRevision()).Match(text);
            if (!revision.Success)
            {
                problems.Add($"{name}: no revision found (expected {(python ? "revision = \"...\"" : "-- revision: ...")}).");
                continue;
            }

            var down = (python ? PyDownRevision() : SqlDownRevision()).Match(text);
            var downs = down.Success ? Revisions(down.Groups[1].Value) : [];
            if (python)
            {
                var (sql, unsupported) = AlembicUpgrade(text);
                result.Add(new Migration(revision.Groups[1].Value, downs, name, sql) { Unsupported = unsupported });
            }
            else
            {
                result.Add(new Migration(revision.Groups[1].Value, downs, name, text));
            }
        }

        return result;
    }

    private static List<Migration> ReadOrdered(List<(string File, string Text)> texts, List<string> problems)
    {
        var numbered = new List<(long Number, string Name, string Text)>();
        foreach (var (file, text) in texts)
        {
            var name = Path.GetFileName(file);
            var match = LeadingNumber().Match(name);
            if (!match.Success)
            {
                problems.Add($"{name}: an ordered SQL migration's name starts with its number (0001_create_users.sql).");
                continue;
            }

            numbered.Add((long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), name, text));
        }

        // Same number twice = two heads on the same parent; each file is its own revision.
        var result = new List<Migration>();
        var numbers = numbered.Select(n => n.Number).Distinct().Order().ToList();
        foreach (var (number, name, text) in numbered.OrderBy(n => n.Number).ThenBy(n => n.Name, StringComparer.Ordinal))
        {
            var index = numbers.IndexOf(number);
            var parents = index == 0 ? [] : numbered.Where(n => n.Number == numbers[index - 1]).Select(n => n.Name).ToList();
            result.Add(new Migration(name, parents, name, text));
        }

        return result;
    }

    /// <summary><c>None</c>, <c>"a1"</c>, <c>("a1", "b1")</c> (a merge), or in SQL headers <c>a1, b1</c>.</summary>
    private static List<string> Revisions(string value)
    {
        var quoted = QuotedValue().Matches(value).Select(m => m.Groups[1].Value).ToList();
        var items = quoted.Count > 0 ? quoted : [.. value.Split([',', ' ', '(', ')'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        return items.Where(v => v is not ("None" or "none")).ToList();
    }

    /// <summary>The SQL of <c>def upgrade()</c>: every <c>op.execute("""...""")</c> string; any other op is unsupported.</summary>
    private static (string Sql, string? Unsupported) AlembicUpgrade(string text)
    {
        var start = text.IndexOf("def upgrade", StringComparison.Ordinal);
        if (start < 0)
        {
            return ("", "no def upgrade()");
        }

        var end = text.IndexOf("def downgrade", start, StringComparison.Ordinal);
        var body = end < 0 ? text[start..] : text[start..end];
        var other = OtherOp().Matches(body).Select(m => m.Groups[1].Value).Where(op => op != "execute").Distinct().ToList();
        var sql = string.Join("\n", ExecuteCall().Matches(body).Select(m => m.Groups["sql"].Value.Trim().TrimEnd(';') + ";"));
        return (sql, other.Count > 0 ? $"uses op.{string.Join(", op.", other)}; only op.execute(SQL) can be applied here" : null);
    }

    [GeneratedRegex(@"^revision\s*(?::[^=\n]+)?=\s*['""]([^'""]+)['""]", RegexOptions.Multiline)]
    private static partial Regex PyRevision();

    [GeneratedRegex(@"^down_revision\s*(?::[^=\n]+)?=\s*([^\n]+)$", RegexOptions.Multiline)]
    private static partial Regex PyDownRevision();

    [GeneratedRegex(@"^--\s*revision:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex SqlRevision();

    [GeneratedRegex(@"^--\s*down_revision:\s*([^\n]*)$", RegexOptions.Multiline)]
    private static partial Regex SqlDownRevision();

    [GeneratedRegex(@"['""]([^'""]+)['""]")]
    private static partial Regex QuotedValue();

    [GeneratedRegex(@"^(\d+)")]
    private static partial Regex LeadingNumber();

    [GeneratedRegex(@"\bop\.(\w+)\s*\(")]
    private static partial Regex OtherOp();

    [GeneratedRegex(@"op\.execute\(\s*(?:sa\.text\(\s*)?(?:""""""(?<sql>.*?)""""""|'''(?<sql>.*?)'''|""(?<sql>[^""\n]*)""|'(?<sql>[^'\n]*)')", RegexOptions.Singleline)]
    private static partial Regex ExecuteCall();
}
