namespace ReplyX.Rollout.Core.Postgres;

/// <summary>Rows of one table in the source snapshot and in the restored copy.</summary>
public sealed record TableRowCount(string Table, long Source, long? Restored)
{
    public bool Matches => Restored == Source;
}
