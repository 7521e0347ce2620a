using Microsoft.Extensions.Time.Testing;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Metrics;
using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Bench.Decisions;

/// <summary>
/// One ramp of a phase as the controller runs it, on simulated traffic: a minute of all traffic before the phase
/// (the baseline, taken as preflight takes it), then each stage of the phase's ramp with the phase's own guardrails,
/// looked at once a second by <see cref="StageAnalyzer.Analyze"/> through the controller's own metrics store
/// (<see cref="OtlpMetricsStore"/>, one-second delta histograms per flag and variant) with the controller's default
/// settle and baseline window. Nothing of the decision rule lives here: the bench only makes traffic and obeys
/// the decision (roll back, advance, hold). A stage that holds longer than <c>maxHold</c> ends the ramp as held.
/// Requests land in the second they finish and are readable at the next look (the export delay is not modelled).
/// </summary>
public sealed class RampSimulation(PhaseDefinition phase, LatencyShape shape, Regression change, int requestsPerSecond, TimeSpan maxHold)
{
    private const string Route = "GET /api/dialogs/{dialogId}/messages";
    private const int Scale = 4;
    private static readonly ControllerOptions Defaults = new();
    private static readonly DateTimeOffset Epoch = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public RampOutcome Run(int seed, bool record = false)
    {
        var random = new Random(seed);
        var clock = new FakeTimeProvider(Epoch);
        var store = new OtlpMetricsStore(clock);
        var window = (int)Defaults.BaselineWindow.TotalSeconds;
        for (var second = -window; second < 0; second++)
        {
            Emit(store, clock, random, second, 0);
        }

        var start = Epoch + TimeSpan.FromSeconds(window);
        var before = store.AllTraffic(start - Defaults.BaselineWindow, start);
        var baseline = before.Count >= phase.Guardrails.LatencyP95.MinSamples ? before.Histogram : null;
        var looks = new List<RampLook>();
        var bake = phase.Ramp.Bake;
        var stage = 0;
        var stageStart = start;
        for (var second = 0; ; second++)
        {
            var percentage = phase.Ramp.Stages[stage];
            Emit(store, clock, random, second, percentage);
            var now = clock.GetUtcNow();
            var analysis = StageAnalyzer.Analyze(store, phase, percentage, baseline, stageStart, now, bake, settle: Defaults.StageSettle);
            if (record)
            {
                looks.Add(new RampLook(now, percentage, stageStart, analysis));
            }

            RampOutcome End(RampEnd end) => new(end, percentage, now - start, looks, store, baseline);
            switch (analysis.Decision)
            {
                case StageDecision.RollBack:
                    return End(RampEnd.RolledBack);
                case StageDecision.Pause:
                    return End(RampEnd.Paused);
                case StageDecision.Advance when stage == phase.Ramp.Stages.Count - 1:
                    return End(RampEnd.Completed);
                case StageDecision.Advance:
                    stage++;
                    stageStart = now;
                    break;
                case StageDecision.Hold when now - stageStart > maxHold:
                    return End(RampEnd.Held);
            }
        }
    }

    /// <summary>One second of requests (<paramref name="second"/> counted from the first stage), each on the treatment with the stage's probability.</summary>
    private void Emit(OtlpMetricsStore store, FakeTimeProvider clock, Random random, int second, int percentage)
    {
        var treatment = new LatencyHistogram(Scale);
        var control = new LatencyHistogram(Scale);
        for (var i = 0; i < requestsPerSecond; i++)
        {
            var latency = shape.Sample(random, second);
            if (percentage > 0 && random.Next(100) < percentage)
            {
                treatment.Record(change.Apply(random, latency, shape));
            }
            else
            {
                control.Record(latency);
            }
        }

        var at = clock.GetUtcNow();
        if (treatment.Count > 0)
        {
            store.AddLatency(at, new SeriesKey(phase.Flag, SeriesKey.Treatment, Route), false, treatment);
        }

        if (control.Count > 0)
        {
            store.AddLatency(at, new SeriesKey(phase.Flag, SeriesKey.Control, Route), false, control);
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        store.MarkReceived(clock.GetUtcNow());
    }
}
