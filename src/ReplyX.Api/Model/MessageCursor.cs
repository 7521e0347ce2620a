using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace ReplyX.Api.Model;

/// <summary>
/// An opaque keyset cursor for paging a dialog newest first: the (created_at, id) of the last message seen.
/// Keyset, not OFFSET, so deep pages cost the same as the first one once the index exists.
/// </summary>
public readonly record struct MessageCursor(DateTimeOffset CreatedAt, long Id)
{
    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, CreatedAt.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], Id);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string? text, [NotNullWhen(true)] out MessageCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length != 22)
        {
            return false;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/') + "==";
        Span<byte> bytes = stackalloc byte[18];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != 16)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        var id = BinaryPrimitives.ReadInt64BigEndian(bytes[8..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || id <= 0)
        {
            return false;
        }

        cursor = new MessageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
