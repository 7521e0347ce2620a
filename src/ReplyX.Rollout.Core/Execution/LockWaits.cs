namespace ReplyX.Rollout.Core.Execution;

/// <summary>What the step's statements imposed on other sessions, across statements and attempts.</summary>
internal sealed class LockWaits
{
    public double Longest { get; private set; }

    public HashSet<int> Sessions { get; } = [];

    public void Add(StatementWatcher watcher)
    {
        Longest = Math.Max(Longest, watcher.LongestWaitImposed);
        Sessions.UnionWith(watcher.Blocked);
    }
}
