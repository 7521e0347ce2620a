namespace ReplyX.Rollout.Core.Postgres;

public sealed record TableFacts(string Name, bool Exists, long TotalBytes, long EstimatedRows);
