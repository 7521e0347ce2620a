using System.Diagnostics;
using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Telemetry;

namespace ReplyX.Rollout.Controller.Alerts;

/// <summary>Sends a risk alert everywhere it must be seen: the log, the run's trace, its events, and the optional webhook.</summary>
public sealed partial class AlertPublisher(RolloutStore store, WebhookSender sender, AlertDelivery delivery, IOptions<ControllerOptions> options, ILogger<AlertPublisher> logger)
{
    public async Task PublishAsync(RolloutRun run, RiskAlert alert, object? readings, CancellationToken cancellationToken)
    {
        LogAlert(logger, alert.RiskId, alert.Severity, run.Id, alert.Text);
        using (var span = RolloutTelemetry.StartRunSpan($"alert {alert.RiskId}", run.TraceParent))
        {
            span?.SetStatus(ActivityStatusCode.Error, alert.Status);
            span?.AddEvent(new ActivityEvent("risk alert", tags: new ActivityTagsCollection { ["replyx.risk"] = alert.RiskId, ["replyx.severity"] = alert.Severity, ["text"] = alert.Text }));
        }

        await store.RecordEventAsync(run.Id, "alert", alert.Text, readings, cancellationToken);
        if (options.Value.AlertWebhook is { } webhook)
        {
            // In the background: the webhook's answer (or silence) must not hold the rollback that raised the alert.
            delivery.Enqueue(run.Id, webhook, new { text = alert.Text, riskId = alert.RiskId, riskName = alert.RiskName, severity = alert.Severity, runId = run.Id, phase = run.PhaseId, status = alert.Status });
        }
    }

    /// <summary>
    /// An alert or resolution of the continuous risk monitor: to the log, a span, the webhook, and the events of every
    /// active run (a release engineer watching a rollout sees what the monitor saw). Returns false when the webhook
    /// refused it (recorded by the caller with the alert).
    /// </summary>
    public async Task<bool> PublishMonitorAsync(string riskId, string text, IReadOnlyList<RolloutRun> activeRuns, object reading, bool resolved, CancellationToken cancellationToken)
    {
        LogMonitor(logger, riskId, resolved ? "resolved" : "alert", text);
        using (var span = RolloutTelemetry.Source.StartActivity($"risk monitor {riskId} {(resolved ? "resolved" : "alert")}"))
        {
            span?.SetTag("replyx.risk", riskId);
            if (!resolved)
            {
                span?.SetStatus(ActivityStatusCode.Error, text.Split('\n')[0]);
            }
        }

        foreach (var run in activeRuns)
        {
            await store.RecordEventAsync(run.Id, resolved ? "risk-resolved" : "risk-alert", text, reading, cancellationToken);
        }

        if (options.Value.AlertWebhook is not { } webhook)
        {
            return true;
        }

        var outcome = await sender.SendAsync(webhook, new { text, riskId, kind = resolved ? "resolved" : "alert", source = "risk-monitor" }, cancellationToken);
        if (!outcome.Delivered)
        {
            LogMonitorUndelivered(logger, riskId, outcome.Description);
        }

        return outcome.Delivered;
    }

    /// <summary>
    /// R008 "alert delivery validation": sends a delivery check to the webhook and records whether it arrived.
    /// Without a webhook nothing is recorded: there is no channel to validate beyond the log.
    /// </summary>
    public async Task CheckDeliveryAsync(RolloutRun run, CancellationToken cancellationToken)
    {
        if (options.Value.AlertWebhook is not { } webhook)
        {
            return;
        }

        var outcome = await sender.SendAsync(webhook, new { text = $"ReplyX.Rollout delivery check for run {run.Id} ({run.PhaseId})", kind = "delivery-check", runId = run.Id, phase = run.PhaseId }, cancellationToken);
        await store.RecordEventAsync(run.Id, "alert-delivery-check", outcome.Description, null, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk monitor {RiskId} {Kind}:\n{Text}")]
    private static partial void LogMonitor(ILogger logger, string riskId, string kind, string text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk monitor {RiskId}: {Outcome}")]
    private static partial void LogMonitorUndelivered(ILogger logger, string riskId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk alert {RiskId} ({Severity}) for run {RunId}:\n{Text}")]
    private static partial void LogAlert(ILogger logger, string riskId, string severity, Guid runId, string text);
}
