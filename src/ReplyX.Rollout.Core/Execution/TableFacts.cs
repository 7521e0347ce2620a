namespace ReplyX.Rollout.Core.Execution;

public sealed record TableFacts(string Name, bool Exists, long TotalBytes, long EstimatedRows);
