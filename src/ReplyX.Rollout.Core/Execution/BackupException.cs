namespace ReplyX.Rollout.Core.Execution;

/// <summary>A backup could not be taken or did not verify (R011).</summary>
public sealed class BackupException(string message) : Exception(message);
