namespace ReplyX.Api.Model;

public sealed record DialogMessage(long Id, long DialogId, string Sender, string Content, DateTimeOffset CreatedAt);
