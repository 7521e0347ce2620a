namespace ReplyX.Api.Data.Seeding;

/// <summary>Deterministic, readable filler text in the vocabulary of a customer-support chat.</summary>
internal static class SyntheticText
{
    private static readonly string[] Topics =
    [
        "billing", "invoice", "refund", "password", "login", "subscription", "delivery", "order", "integration",
        "webhook", "telegram", "whatsapp", "export", "report", "analytics", "operator", "assistant", "pricing",
        "limits", "api", "token", "widget", "language", "translation", "schedule", "holiday", "warranty", "return",
    ];

    private static readonly string[] Words =
    [
        "please", "help", "my", "the", "cannot", "why", "does", "how", "to", "change", "update", "is", "not",
        "working", "since", "yesterday", "today", "account", "customer", "thanks", "again", "we", "need", "a",
        "new", "setting", "error", "message", "shows", "after", "click", "button", "page", "slow", "fast",
        "answer", "question", "team", "manager", "contract", "plan", "upgrade", "cancel", "check", "status",
    ];

    public static string Topic(Random random) => Topics[random.Next(Topics.Length)];

    public static string TopicAt(int index) => Topics[index % Topics.Length];

    public static int TopicCount => Topics.Length;

    public static string Sentence(Random random, int minWords, int maxWords, string? topic = null)
    {
        var count = random.Next(minWords, maxWords + 1);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = topic is not null && i % 4 == 1 ? topic : Words[random.Next(Words.Length)];
        }

        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words) + ".";
    }
}
