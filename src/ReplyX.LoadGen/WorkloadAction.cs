namespace ReplyX.LoadGen;

/// <summary>What a simulated user does in one request.</summary>
public enum WorkloadAction
{
    ListDialogs,
    PageMessages,
    PostMessage,
    SearchText,
    SearchSimilar,
}
