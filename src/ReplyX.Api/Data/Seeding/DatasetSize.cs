using System.Globalization;

namespace ReplyX.Api.Data.Seeding;

/// <summary>
/// How much data to seed, derived from one number: the count of dialog messages (the big table).
/// The other tables keep the proportions of a real chat product: ~100 messages per user, 10 dialogs per user, one
/// knowledge document per 400 messages - unless <paramref name="KnowledgeDocuments"/> sets the knowledge base apart
/// (a small chat dataset with a knowledge base big enough for an approximate index to pay off).
/// </summary>
public sealed record DatasetSize(int Messages, int? KnowledgeDocuments = null)
{
    public const int MaxKnowledgeDocuments = 100_000;

    public const int EmbeddingDimensions = 64;

    /// <summary>The laptop demo default: 200,000 messages.</summary>
    public static DatasetSize Default { get; } = new(200_000);

    public int Users => Math.Max(20, Messages / 100);

    public int Dialogs => Users * 10;

    public int Documents => KnowledgeDocuments ?? Math.Max(20, Messages / 400);

    /// <summary>Parses a knowledge document count between 20 and <see cref="MaxKnowledgeDocuments"/>.</summary>
    public static bool TryParseDocuments(string? text, out int documents, out string error)
    {
        error = "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out documents) && documents is >= 20 and <= MaxKnowledgeDocuments)
        {
            return true;
        }

        error = $"'{text}' is not a knowledge document count: use a whole number between 20 and {MaxKnowledgeDocuments} (each document has 5 embedded chunks).";
        return false;
    }

    public int ChunksPerDocument => 5;

    public int Embeddings => Documents * ChunksPerDocument;

    /// <summary>Parses <c>200000</c>, <c>200k</c>, <c>1.5m</c>, or the names <c>small</c>, <c>medium</c>, <c>large</c>.</summary>
    public static bool TryParse(string? text, out DatasetSize size, out string error)
    {
        size = Default;
        error = "";
        var value = (text ?? "").Trim().ToLowerInvariant();
        double multiplier = 1;
        switch (value)
        {
            case "small": size = Default; return true;
            case "medium": size = new DatasetSize(1_000_000); return true;
            case "large": size = new DatasetSize(5_000_000); return true;
        }

        if (value.EndsWith('k'))
        {
            multiplier = 1_000;
            value = value[..^1];
        }
        else if (value.EndsWith('m'))
        {
            multiplier = 1_000_000;
            value = value[..^1];
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || number * multiplier is < 1_000 or > 100_000_000)
        {
            error = $"'{text}' is not a dataset size: use a message count between 1000 and 100000000 (e.g. 200k, 1m) or small, medium, large.";
            return false;
        }

        size = new DatasetSize((int)(number * multiplier));
        return true;
    }
}
