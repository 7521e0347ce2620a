using System.Security.Cryptography;
using System.Text;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>
/// The SQL a <c>sync</c> step runs and the SQL that undoes it: a row trigger function and a BEFORE INSERT OR UPDATE
/// trigger, named after the table and the new column so the contract (and the rollback) can find them.
/// </summary>
public static class SyncSql
{
    private const int MaxIdentifierBytes = 63;

    public static string FunctionName(SyncSpec sync) => Fit($"replyx_sync_{Unqualified(sync.Table)}_{sync.Column}");

    public static string TriggerName(SyncSpec sync) => Fit($"replyx_sync_{sync.Column}");

    public static string Create(SyncSpec sync)
    {
        var function = FunctionName(sync);
        var oldChanged = string.Join(" OR ", sync.From.Select(c => $"NEW.{c} IS DISTINCT FROM OLD.{c}"));
        var up = $"NEW.{sync.Column} := (SELECT {sync.Up} FROM (SELECT NEW.*) AS replyx_row);";
        var body = sync.Down is null
            ? $"""
                  IF TG_OP = 'INSERT' OR {oldChanged} THEN
                    {up}
                  END IF;
              """
            : $"""
                  IF TG_OP = 'INSERT' AND NEW.{sync.From[0]} IS NULL AND NEW.{sync.Column} IS NOT NULL
                     OR TG_OP = 'UPDATE' AND NOT ({oldChanged}) AND NEW.{sync.Column} IS DISTINCT FROM OLD.{sync.Column} THEN
                    NEW.{sync.From[0]} := (SELECT {sync.Down} FROM (SELECT NEW.*) AS replyx_row);
                  ELSIF TG_OP = 'INSERT' OR {oldChanged} THEN
                    {up}
                  END IF;
              """;
        return $"""
            CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $replyx_sync$
            BEGIN
            {body}
              RETURN NEW;
            END
            $replyx_sync$;
            CREATE TRIGGER {TriggerName(sync)} BEFORE INSERT OR UPDATE ON {sync.Table} FOR EACH ROW EXECUTE FUNCTION {function}();
            """;
    }

    /// <summary>Drops the trigger, then its function: what the rollback and the contract run.</summary>
    public static string Drop(SyncSpec sync) =>
        $"DROP TRIGGER IF EXISTS {TriggerName(sync)} ON {sync.Table};\nDROP FUNCTION IF EXISTS {FunctionName(sync)}();";

    private static string Unqualified(string table) => table[(table.LastIndexOf('.') + 1)..];

    /// <summary>PostgreSQL truncates identifiers at 63 bytes; a long name keeps a prefix and a hash of the whole instead.</summary>
    private static string Fit(string name) =>
        Encoding.UTF8.GetByteCount(name) <= MaxIdentifierBytes
            ? name
            : name[..50] + "_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8].ToLowerInvariant();
}
