namespace ReplyX.Rollout.Core.Lint;

public enum DdlKind
{
    Other,
    CreateIndex,
    DropIndex,
    CreateTable,
    DropTable,
    AlterTable,
    Reindex,
    VacuumFull,
    Vacuum,
    Cluster,
    Truncate,
    LockTable,
    AnonymousBlock,
}
