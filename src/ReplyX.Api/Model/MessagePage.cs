namespace ReplyX.Api.Model;

/// <summary>One page of a dialog, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record MessagePage(IReadOnlyList<DialogMessage> Messages, string? NextCursor);
