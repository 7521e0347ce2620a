namespace ReplyX.Rollout.Core.Phases;

public enum BackupPolicy
{
    /// <summary>A verified backup (dump, restore, compare) before any change. The default (R001, R011).</summary>
    Required,

    /// <summary>No backup; the file must say why.</summary>
    Skip,
}
