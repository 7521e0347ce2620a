using ReplyX.Api.Data.Seeding;

namespace ReplyX.Rollout.Tests.Api;

public sealed class DatasetSizeTests
{
    [Theory]
    [InlineData("200k", 200_000)]
    [InlineData("1m", 1_000_000)]
    [InlineData("1.5M", 1_500_000)]
    [InlineData("small", 200_000)]
    [InlineData("medium", 1_000_000)]
    [InlineData("4321", 4_321)]
    public void Parses_counts_and_names(string text, int messages)
    {
        Assert.True(DatasetSize.TryParse(text, out var size, out _));
        Assert.Equal(messages, size.Messages);
    }

    [Theory]
    [InlineData("")]
    [InlineData("huge")]
    [InlineData("12")]
    [InlineData("-5k")]
    public void Rejects_what_is_not_a_size_with_a_reason(string text)
    {
        Assert.False(DatasetSize.TryParse(text, out _, out var error));
        Assert.Contains("not a dataset size", error);
    }

    [Fact]
    public void Default_keeps_the_laptop_proportions()
    {
        var size = DatasetSize.Default;
        Assert.Equal((200_000, 2_000, 20_000, 2_500), (size.Messages, size.Users, size.Dialogs, size.Embeddings));
    }

    [Fact]
    public void A_knowledge_document_count_sets_the_knowledge_base_apart_from_the_messages()
    {
        Assert.True(DatasetSize.TryParseDocuments("200", out var documents, out _));
        var size = new DatasetSize(20_000, documents);

        Assert.Equal((20_000, 200, 200, 1_000), (size.Messages, size.Users, size.Documents, size.Embeddings));
        Assert.Equal(250, new DatasetSize(20_000).Embeddings);
    }

    [Theory]
    [InlineData("")]
    [InlineData("19")]
    [InlineData("100001")]
    [InlineData("1k")]
    [InlineData("-200")]
    public void Rejects_a_document_count_out_of_range_with_a_reason(string text)
    {
        Assert.False(DatasetSize.TryParseDocuments(text, out _, out var error));
        Assert.Contains("not a knowledge document count", error);
    }
}
