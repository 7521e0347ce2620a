using ReplyX.Api.Model;

namespace ReplyX.Rollout.Tests.Api;

public sealed class MessageCursorTests
{
    [Fact]
    public void A_cursor_round_trips()
    {
        var cursor = new MessageCursor(new DateTimeOffset(2025, 3, 4, 5, 6, 7, 891, TimeSpan.Zero), 123_456_789);

        Assert.True(MessageCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("////////////////////////")]
    public void Garbage_is_not_a_cursor(string text) => Assert.False(MessageCursor.TryDecode(text, out _));
}
