using System.Globalization;
using System.Text.Json;
using ReplyX.Rollout.Controller.Alerts;
using ReplyX.Rollout.Controller.Phases;
using ReplyX.Rollout.Controller.Requests;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Risks;

namespace ReplyX.Rollout.Controller.Risks;

/// <summary>
/// One look of the continuous risk monitor: every rule's reading against its threshold. A rule that crosses opens an
/// episode (one alert in the seed's template, and its action on every active rollout: a pause or an abort request,
/// as <see cref="RequestPolicy"/> allows, withheld from a run whose own pre-phase baseline already crossed the rule:
/// that breach is not the run's doing and rolling it back would not end it); one that falls back closes it. An unknown reading never
/// opens an episode and never closes one: a monitor that cannot see is not a monitor that sees nothing wrong.
/// </summary>
public sealed class RiskMonitorTick(
    RiskReader reader, RiskStateStore states, RolloutStore rollouts, AlertPublisher alerts, PhaseCatalog catalog, IMetricsSource metrics,
    Microsoft.Extensions.Options.IOptions<Configuration.ControllerOptions> options, TimeProvider time)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var register = catalog.Load().Risks;
        if (register is null)
        {
            return;
        }

        var previous = await states.StatesAsync(cancellationToken);
        var active = await rollouts.ListAsync(activeOnly: true, limit: 100, cancellationToken);
        foreach (var rule in register.Monitor.Rules)
        {
            var now = time.GetUtcNow();
            var before = previous.GetValueOrDefault(rule.Id);
            var reading = await reader.ReadAsync(rule, before, now, cancellationToken);
            var crossed = rule.Crossed(reading.Value);
            // Unknown keeps an open episode open: a reading that could not be taken says nothing about the risk.
            var status = crossed switch { true => RiskStatus.Firing, false => RiskStatus.Clear, null => before?.Status == RiskStatus.Firing ? RiskStatus.Firing : RiskStatus.Unknown };
            var state = new RiskState(rule.Id, rule.Risk, status, status == before?.Status ? before.Since : now, reading.Value, reading.Detail, now,
                before?.LastAlert, before?.LastAlertAt, reading.MemoryJson);
            (string Kind, string Text, object Reading)? sent = null;
            var readings = new { rule = rule.Id, rule.Risk, reading = rule.Reading.ToString(), value = reading.Value, threshold = Threshold(rule), detail = reading.Detail };
            if (crossed == true && before?.Status != RiskStatus.Firing)
            {
                var text = Alert(register, rule, reading, active, now);
                await alerts.PublishMonitorAsync(rule.Risk, text, active, readings, resolved: false, cancellationToken);
                await ActAsync(rule, reading, active, cancellationToken);
                sent = ("alert", text, readings);
                state = state with { LastAlert = text, LastAlertAt = now };
            }
            else if (crossed == false && before?.Status == RiskStatus.Firing)
            {
                var text = $"✅ RISK RESOLVED: {rule.Risk} - {register.Find(rule.Risk)?.Name}\n\nRule {rule.Id}: {reading.Detail} (threshold {Threshold(rule)})\nThe episode lasted {Lasted(now - before.Since)} since {before.Since.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture)}.";
                await alerts.PublishMonitorAsync(rule.Risk, text, active, readings, resolved: true, cancellationToken);
                sent = ("resolved", text, readings);
                state = state with { LastAlert = text, LastAlertAt = now };
            }

            await states.SaveAsync(state, sent, cancellationToken);
        }
    }

    public static string Threshold(MonitorRule rule) => rule.Threshold(v => rule.Reading switch
    {
        MonitorReading.P95 => (v * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms",
        MonitorReading.SlowQueries => v.ToString("0", CultureInfo.InvariantCulture) + " statement(s)",
        _ => (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%",
    });

    private string Alert(RiskRegister register, MonitorRule rule, RiskReading reading, IReadOnlyList<RolloutRun> active, DateTimeOffset now)
    {
        var actions = new List<string> { $"Monitor rule {rule.Id}: {reading.Detail} (threshold {Threshold(rule)})" };
        actions.AddRange(rule.Action switch
        {
            RiskAction.Pause when active.Count > 0 => active.Select(r => $"Pause requested for run {r.Id} ({r.PhaseId}, {r.State} at {r.Percentage}%)"),
            RiskAction.Rollback when active.Count > 0 => active.Select(r => Withheld(rule, r, metrics, options.Value.BaselineWindow) is { } why
                ? $"Rollback withheld for run {r.Id} ({r.PhaseId}): {why}"
                : $"Rollback requested for run {r.Id} ({r.PhaseId}, {r.State} at {r.Percentage}%)"),
            _ when active.Count == 0 => ["No rollout is active: investigate the service and the database"],
            _ => ["Consider rolling back the active rollout: " + string.Join(", ", active.Select(r => $"{r.PhaseId} ({r.Id})"))],
        });
        return Alerts.RiskAlert.Create(register, rule.Risk, $"{rule.Reading} crossed its threshold: {reading.Detail}", actions, now).Text;
    }

    /// <summary>The rule's action on each active rollout, through the same door as a human's request (refused ones are recorded on the run).</summary>
    private async Task ActAsync(MonitorRule rule, RiskReading reading, IReadOnlyList<RolloutRun> active, CancellationToken cancellationToken)
    {
        RunRequest? request = rule.Action switch { RiskAction.Pause => RunRequest.Pause, RiskAction.Rollback => RunRequest.Abort, _ => null };
        if (request is not { } asked)
        {
            return;
        }

        foreach (var run in active)
        {
            if (Withheld(rule, run, metrics, options.Value.BaselineWindow) is { } why)
            {
                await rollouts.RecordEventAsync(run.Id, "monitor-action-withheld", $"the risk monitor's {asked.Name()} (rule {rule.Id}, {reading.Detail}) is withheld: {why}", null, cancellationToken);
                continue;
            }

            string? refusal = null;
            var updated = await rollouts.UpdateAsync(run.Id, r =>
            {
                (var next, refusal) = RequestPolicy.Accept(r, asked);
                return next;
            }, "requested", $"{asked.Name()} requested by the risk monitor: rule {rule.Id} ({rule.Risk}) fired: {reading.Detail}", null, cancellationToken);
            if (updated is null && refusal is not null)
            {
                await rollouts.RecordEventAsync(run.Id, "monitor-action-refused", $"the risk monitor's {asked.Name()} (rule {rule.Id}) was refused: {refusal}", null, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Why a rule's action must not apply to this run: all traffic before it changed anything already crossed the rule
    /// (the run's guardrails judge what the run changes against that baseline); null otherwise. The run's own baseline
    /// decides; a run whose baseline was too thin when preflight took it (a replica that had just started, exports
    /// still on their way) is judged on the shared evidence of the same window before it was requested, read now.
    /// </summary>
    private static string? Withheld(MonitorRule rule, RolloutRun run, IMetricsSource metrics, TimeSpan window)
    {
        if (rule.Reading != MonitorReading.P95)
        {
            return null;
        }

        var (before, source) = run.BaselineJson is not null
            ? (LatencyHistogram.FromSnapshot(JsonSerializer.Deserialize<HistogramSnapshot>(run.BaselineJson, RolloutStore.Json)!), "its baseline")
            : (metrics.AllTraffic(run.CreatedAt - window, run.CreatedAt).Histogram, $"the {Core.Phases.Durations.Format(window)} before it was requested, as the shared metrics hold it now");
        if (before.Count < MinimumBefore || before.Quantile(0.95) is not { } p95 || rule.Crossed(p95) != true)
        {
            return null;
        }

        return $"all traffic was already at p95 {(p95 * 1000).ToString("0", CultureInfo.InvariantCulture)} ms before this run changed anything ({source}), past {Threshold(rule)}; the run's own guardrails judge its change";
    }

    /// <summary>Fewer requests than this before a run say nothing about where its p95 stood.</summary>
    private const int MinimumBefore = 20;

    private static string Lasted(TimeSpan span) => Core.Phases.Durations.Format(TimeSpan.FromSeconds(Math.Max(1, Math.Round(span.TotalSeconds))));
}
