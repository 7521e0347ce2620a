using ReplyX.Rollout.Core.Execution;

namespace ReplyX.Rollout.Controller.Steps;

/// <summary>Keeps the latest progress sample of a running step for the periodic save and the final record.</summary>
internal sealed class StepProgressRecorder : IProgress<StepProgress>
{
    private StepProgress? _latest;

    public StepProgress? Latest => Volatile.Read(ref _latest);

    public int Samples { get; private set; }

    public void Report(StepProgress value)
    {
        Volatile.Write(ref _latest, value);
        Samples++;
    }
}
