namespace ReplyX.Api.Model;

public sealed record PostMessageRequest(string? Content, string? Sender);
