using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Telemetry;

/// <summary>
/// The controller's traces and metrics. A rollout is one trace: its root span is written when the run is
/// created, and every state, step and decision afterwards is a child of the stored context, so the trace
/// survives controller restarts and leader changes.
/// </summary>
public sealed class RolloutTelemetry : IDisposable
{
    public const string Name = "ReplyX.Rollout.Controller";

    private readonly ConcurrentDictionary<string, (int Percentage, RolloutState State)> _flags = new();
    private readonly Meter _meter;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _stepDuration;

    public RolloutTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        _transitions = _meter.CreateCounter<long>("replyx.rollout.transitions", description: "State transitions of rollout runs");
        _stepDuration = _meter.CreateHistogram<double>("replyx.rollout.step.duration", unit: "s", description: "Duration of applied and rolled-back steps");
        _meter.CreateObservableGauge("replyx.rollout.traffic.percentage",
            () => _flags.Select(f => new Measurement<int>(f.Value.Percentage, new KeyValuePair<string, object?>(ReplyX.Rollout.Primitives.Flags.FeatureFlagAttributes.Key, f.Key))),
            unit: "%", description: "Share of users each phase flag routes to the optimized path");
        _meter.CreateObservableGauge("replyx.rollout.state",
            () => _flags.Select(f => new Measurement<int>((int)f.Value.State, new KeyValuePair<string, object?>(ReplyX.Rollout.Primitives.Flags.FeatureFlagAttributes.Key, f.Key), new KeyValuePair<string, object?>("replyx.state", f.Value.State.ToString()))),
            description: "Current state of the latest run per flag (RolloutState ordinal)");
    }

    public static ActivitySource Source { get; } = new(Name);

    public void Observe(string flag, int percentage, RolloutState state) => _flags[flag] = (percentage, state);

    public void Transitioned(string phase, RolloutState from, RolloutState to) =>
        _transitions.Add(1, new KeyValuePair<string, object?>("replyx.phase", phase), new KeyValuePair<string, object?>("replyx.from", from.ToString()), new KeyValuePair<string, object?>("replyx.to", to.ToString()));

    public void StepFinished(string phase, string kind, bool succeeded, TimeSpan duration) =>
        _stepDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("replyx.phase", phase), new KeyValuePair<string, object?>("replyx.step.kind", kind), new KeyValuePair<string, object?>("replyx.step.succeeded", succeeded));

    /// <summary>Starts a span of the run's trace; with no stored context (or none parseable) it starts a new trace.</summary>
    public static Activity? StartRunSpan(string name, string? traceParent, DateTimeOffset? start = null)
    {
        var parent = traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
        return Source.StartActivity(name, ActivityKind.Internal, parent, startTime: start ?? default);
    }

    public void Dispose() => _meter.Dispose();
}
