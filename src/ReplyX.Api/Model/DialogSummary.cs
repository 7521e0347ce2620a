namespace ReplyX.Api.Model;

public sealed record DialogSummary(long Id, string Channel, string Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
