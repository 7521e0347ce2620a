using Npgsql;

namespace ReplyX.Rollout.Controller.Leadership;

/// <summary>
/// The epoch the engine's current pass writes under (ambient, so every store call of the pass carries it without
/// being handed it), and the check every engine write makes in its own transaction: the leadership row, read
/// <c>FOR SHARE</c>, must still hold that epoch. A takeover's epoch bump waits for writes in flight and then
/// refuses every later one of the old epoch. Writes without an ambient epoch (the API's human requests) are not
/// fenced: any replica may accept them.
/// </summary>
public sealed class WriterFence
{
    private readonly AsyncLocal<long?> _epoch = new();
    private long _refused;

    /// <summary>The epoch of the pass this call belongs to, or null outside the engine.</summary>
    public long? Epoch => _epoch.Value;

    /// <summary>Engine writes refused because their epoch was no longer the leader's.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public Scope Enter(long epoch)
    {
        var previous = _epoch.Value;
        _epoch.Value = epoch;
        return new Scope(this, previous);
    }

    public async Task CheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (_epoch.Value is not { } mine)
        {
            return;
        }

        await using var command = new NpgsqlCommand("SELECT epoch FROM rollout.leadership FOR SHARE", connection, transaction);
        var current = await command.ExecuteScalarAsync(cancellationToken) as long?;
        if (current != mine)
        {
            Interlocked.Increment(ref _refused);
            throw new LeadershipLostException(mine, current);
        }
    }

    public readonly struct Scope(WriterFence fence, long? previous) : IDisposable
    {
        public void Dispose() => fence._epoch.Value = previous;
    }
}
