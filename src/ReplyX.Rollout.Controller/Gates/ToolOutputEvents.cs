using System.Threading.Channels;
using ReplyX.Rollout.Controller.Rollouts;

namespace ReplyX.Rollout.Controller.Gates;

/// <summary>
/// A migration tool's output, line by line, into the run's events while its gate runs (<c>migration-tool</c>
/// events: "Running upgrade a -> b, create users"), in order, at most <see cref="MaxLines"/> per gate and then one
/// event saying how many more there were. Lines are written by one pump so the tool never waits for the database.
/// </summary>
public sealed class ToolOutputEvents : IAsyncDisposable
{
    public const int MaxLines = 500;

    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _pump;

    public ToolOutputEvents(RolloutStore store, Guid runId, string gate, CancellationToken cancellationToken) =>
        _pump = PumpAsync(store, runId, gate, cancellationToken);

    public void Line(string line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            _lines.Writer.TryWrite(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _pump;
    }

    private async Task PumpAsync(RolloutStore store, Guid runId, string gate, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var line in _lines.Reader.ReadAllAsync(cancellationToken))
        {
            if (++count <= MaxLines)
            {
                await store.RecordEventAsync(runId, "migration-tool", $"{gate}: {line}", null, cancellationToken);
            }
        }

        if (count > MaxLines)
        {
            await store.RecordEventAsync(runId, "migration-tool", $"{gate}: {count - MaxLines} more line(s) not recorded", null, cancellationToken);
        }
    }
}
