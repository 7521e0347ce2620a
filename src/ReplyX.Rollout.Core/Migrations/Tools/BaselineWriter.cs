using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReplyX.Rollout.Core.Migrations.Tools;

/// <summary>
/// Writes a consolidated baseline in the chain's own format. For Alembic: one revision per part, chained
/// (the first has no parent, so a new database runs them all with <c>alembic upgrade head</c>), each running its
/// dumped SQL (kept beside it in <c>sql/</c>) straight through the driver so nothing in it is read as a bind
/// parameter; ids are derived from the content, so the same chain always gives the same baseline. For SQL:
/// ordered files <c>0001_baseline_*.sql</c>.
/// </summary>
public static class BaselineWriter
{
    public static IReadOnlyList<(string File, string Revision)> Write(string tool, IReadOnlyList<BaselinePart> parts, string outputDirectory, string replaces)
    {
        Directory.CreateDirectory(outputDirectory);
        var written = new List<(string, string)>();
        string? previous = null;
        foreach (var part in parts)
        {
            var revision = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{replaces}\n{part.Index}\n{part.Sql}"))).ToLowerInvariant()[..12];
            var slug = string.Concat(part.Kinds.Select(c => char.IsLetterOrDigit(c) ? c : '_')).Replace("__", "_", StringComparison.Ordinal);
            var number = part.Index.ToString("0000", CultureInfo.InvariantCulture);
            var header = $"Consolidated by replyx-rollout migrations consolidate; replaces {replaces}. Prove it with replyx-rollout migrations verify.";
            if (tool == MigrationToolOptions.Alembic)
            {
                var sqlFile = $"{number}_{revision}.sql";
                Directory.CreateDirectory(Path.Combine(outputDirectory, "sql"));
                File.WriteAllText(Path.Combine(outputDirectory, "sql", sqlFile), part.Sql);
                var file = Path.Combine(outputDirectory, $"{revision}_baseline_{part.Index}_of_{part.Of}.py");
                File.WriteAllText(file, $$""""
                    """{{part.Label}}

                    {{header}}

                    Revision ID: {{revision}}
                    Revises: {{previous ?? ""}}
                    """
                    from pathlib import Path

                    from alembic import op

                    # revision identifiers, used by Alembic.
                    revision = "{{revision}}"
                    down_revision = {{(previous is null ? "None" : $"\"{previous}\"")}}
                    branch_labels = None
                    depends_on = None

                    SQL = Path(__file__).parent / "sql" / "{{sqlFile}}"


                    def upgrade() -> None:
                        # The dumped DDL runs as pg_dump wrote it, through the driver: no bind-parameter parsing.
                        op.get_bind().connection.cursor().execute(SQL.read_text())


                    def downgrade() -> None:
                        raise NotImplementedError("a consolidated baseline is not downgraded: restore a backup instead")

                    """");
                written.Add((file, revision));
            }
            else
            {
                var file = Path.Combine(outputDirectory, $"{number}_baseline_{slug}.sql");
                File.WriteAllText(file, $"-- {part.Label}\n-- {header}\n{part.Sql}");
                written.Add((file, revision));
            }

            previous = revision;
        }

        return written;
    }
}
