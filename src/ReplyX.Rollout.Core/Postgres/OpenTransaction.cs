namespace ReplyX.Rollout.Core.Postgres;

/// <summary>A session whose open transaction (or snapshot) would stall a concurrent index build.</summary>
public sealed record OpenTransaction(int Pid, string User, string Application, string State, TimeSpan Age, string Query);
