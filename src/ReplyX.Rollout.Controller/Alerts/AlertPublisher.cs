using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Telemetry;

namespace ReplyX.Rollout.Controller.Alerts;

/// <summary>Sends a risk alert everywhere it must be seen: the log, the run's trace, its events, and the optional webhook.</summary>
public sealed partial class AlertPublisher(RolloutStore store, IHttpClientFactory httpClients, IOptions<ControllerOptions> options, ILogger<AlertPublisher> logger)
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
            try
            {
                using var client = httpClients.CreateClient("alerts");
                using var response = await client.PostAsJsonAsync(webhook, new { text = alert.Text, riskId = alert.RiskId, riskName = alert.RiskName, severity = alert.Severity, runId = run.Id, phase = run.PhaseId, status = alert.Status }, cancellationToken);
                response.EnsureSuccessStatusCode();
            }
            catch (HttpRequestException exception)
            {
                // R008: a silent alert channel is itself worth an event.
                await store.RecordEventAsync(run.Id, "alert-undelivered", $"webhook {webhook} refused the alert: {exception.Message}", null, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk alert {RiskId} ({Severity}) for run {RunId}:\n{Text}")]
    private static partial void LogAlert(ILogger logger, string riskId, string severity, Guid runId, string text);
}
