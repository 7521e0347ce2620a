namespace ReplyX.Rollout.Controller.Alerts;

/// <summary>How a webhook message went: delivered or not, after how many attempts, in words without secrets.</summary>
public sealed record WebhookOutcome(bool Delivered, int Attempts, string Description);
