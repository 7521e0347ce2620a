using System.Globalization;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>Percentages as phase files write them: <c>20%</c> or <c>20</c>, both meaning 0.20.</summary>
public static class Percentages
{
    public static bool TryParse(string? text, out double fraction)
    {
        fraction = 0;
        var value = (text ?? "").Trim();
        if (value.EndsWith('%'))
        {
            value = value[..^1].TrimEnd();
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || !double.IsFinite(percent))
        {
            return false;
        }

        fraction = percent / 100.0;
        return true;
    }

    public static string Format(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
