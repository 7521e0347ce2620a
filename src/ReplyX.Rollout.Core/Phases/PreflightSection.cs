using ReplyX.Rollout.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>Reads <c>preflight</c>; what is left out keeps <see cref="PreflightSpec"/>'s defaults.</summary>
internal static class PreflightSection
{
    private static readonly PreflightSpec Default = new();

    internal static PreflightSpec Read(YamlNodeReader reader, YamlNode node)
    {
        var keys = reader.Mapping(node, "preflight", "backup", "skipReason", "maxTransactionAge", "duplicates", "diskHeadroom", "parity");
        if (keys is null)
        {
            return new PreflightSpec();
        }

        var backup = BackupPolicy.Required;
        if (reader.String(keys.GetValueOrDefault("backup"), "preflight.backup") is { } backupText)
        {
            switch (backupText)
            {
                case "required":
                    break;
                case "skip":
                    backup = BackupPolicy.Skip;
                    break;
                default:
                    reader.Error(DiagnosticCodes.BadValue, keys["backup"], $"preflight.backup must be 'required' or 'skip', got '{backupText}'.");
                    break;
            }
        }

        var skipReason = reader.String(keys.GetValueOrDefault("skipReason"), "preflight.skipReason");
        if (backup == BackupPolicy.Skip && string.IsNullOrWhiteSpace(skipReason))
        {
            reader.Error(DiagnosticCodes.MissingReason, keys["backup"], "preflight.backup is 'skip' without a 'skipReason': say why this phase may change data without a verified backup.");
        }

        var duplicates = new List<DuplicatesCheck>();
        foreach (var item in reader.Sequence(keys.GetValueOrDefault("duplicates"), "preflight.duplicates") ?? [])
        {
            var check = reader.Mapping(item, "a duplicates check", "table", "columns");
            if (check is null)
            {
                continue;
            }

            var table = reader.String(reader.Required(check, item, "table", "a duplicates check"), "table");
            var columns = reader.Strings(reader.Required(check, item, "columns", "a duplicates check"), "columns");
            if (table is not null && columns.Count > 0)
            {
                duplicates.Add(new DuplicatesCheck(table, columns));
            }
        }

        return new PreflightSpec
        {
            Backup = backup,
            BackupSkipReason = skipReason,
            MaxTransactionAge = reader.Duration(keys.GetValueOrDefault("maxTransactionAge"), "preflight.maxTransactionAge", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)) ?? Default.MaxTransactionAge,
            Duplicates = duplicates,
            Parity = reader.String(keys.GetValueOrDefault("parity"), "preflight.parity"),
            DiskHeadroom = reader.Percentage(keys.GetValueOrDefault("diskHeadroom"), "preflight.diskHeadroom", 0, 10) ?? Default.DiskHeadroom,
        };
    }
}
