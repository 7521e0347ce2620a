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
}
