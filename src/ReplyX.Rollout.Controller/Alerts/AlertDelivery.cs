using System.Threading.Channels;
using ReplyX.Rollout.Controller.Rollouts;

namespace ReplyX.Rollout.Controller.Alerts;

/// <summary>
/// Delivers a run's alerts to the webhook in the background, so a slow or refusing webhook never holds a rollback:
/// each alert is tried with <see cref="WebhookSender"/>'s retries and recorded on its run as <c>alert-delivered</c> or
/// <c>alert-undelivered</c> (R008). Alerts still queued when the process stops are in the run's events and the log,
/// not at the webhook.
/// </summary>
public sealed class AlertDelivery(WebhookSender sender, RolloutStore store) : BackgroundService
{
    private readonly Channel<(Guid RunId, Uri Webhook, object Payload)> _queue = Channel.CreateUnbounded<(Guid, Uri, object)>();

    public void Enqueue(Guid runId, Uri webhook, object payload) => _queue.Writer.TryWrite((runId, webhook, payload));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (runId, webhook, payload) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            var outcome = await sender.SendAsync(webhook, payload, stoppingToken);
            await store.RecordEventAsync(runId, outcome.Delivered ? "alert-delivered" : "alert-undelivered", outcome.Description, null, stoppingToken);
        }
    }
}
