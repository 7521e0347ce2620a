using System.Globalization;
using System.Text.RegularExpressions;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Criteria;

/// <summary>
/// A criterion's target as written (<c>&lt;= 100ms</c>, <c>&gt;= 85%</c>, <c>5-7</c>, <c>-40%</c>, <c>unchanged</c>),
/// parsed into its form, its number in base units (seconds, a fraction, a count) and whether the bound is strict.
/// </summary>
public sealed partial record CriterionTarget(string Text, TargetForm Form, TargetUnit Unit, double Value = 0, double Upper = 0, bool Strict = false, string? Word = null)
{
    [GeneratedRegex(@"^(?<op><=|<|>=|>|=)?\s*(?<number>\d+(\.\d+)?)\s*(?<unit>ms|s|m|h|%)?$")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"^(?<low>\d+)\s*-\s*(?<high>\d+)$")]
    private static partial Regex RangeForm();

    [GeneratedRegex(@"^-\s*(?<number>\d+(\.\d+)?)\s*%$")]
    private static partial Regex ImprovementForm();

    public static readonly IReadOnlyList<string> Words = ["unchanged", "identical", "passed", "delivered"];

    public static CriterionTarget? Parse(string? text)
    {
        var t = (text ?? "").Trim();
        if (Words.Contains(t))
        {
            return new CriterionTarget(t, TargetForm.Word, TargetUnit.None, Word: t);
        }

        if (ImprovementForm().Match(t) is { Success: true } improvement)
        {
            return new CriterionTarget(t, TargetForm.Improvement, TargetUnit.Fraction, Number(improvement.Groups["number"].Value) / 100);
        }

        if (RangeForm().Match(t) is { Success: true } range && Number(range.Groups["low"].Value) <= Number(range.Groups["high"].Value))
        {
            return new CriterionTarget(t, TargetForm.Range, TargetUnit.Count, Number(range.Groups["low"].Value), Number(range.Groups["high"].Value));
        }

        if (Comparison().Match(t) is not { Success: true } comparison)
        {
            return null;
        }

        var number = Number(comparison.Groups["number"].Value);
        var (unit, value) = comparison.Groups["unit"].Value switch
        {
            "%" => (TargetUnit.Fraction, number / 100),
            "" => (TargetUnit.Count, number),
            var u => (TargetUnit.Seconds, Durations.TryParse(number.ToString(CultureInfo.InvariantCulture) + u, out var d) ? d.TotalSeconds : double.NaN),
        };
        var op = comparison.Groups["op"].Value;
        return op is ">=" or ">"
            ? new CriterionTarget(t, TargetForm.AtLeast, unit, value, Strict: op == ">")
            : new CriterionTarget(t, TargetForm.AtMost, unit, value, Strict: op == "<");
    }

    /// <summary>Whether <paramref name="measured"/> (in the target's unit) meets a bound or range target.</summary>
    public bool IsMetBy(double measured) => Form switch
    {
        TargetForm.AtMost => Strict ? measured < Value : measured <= Value,
        TargetForm.AtLeast => Strict ? measured > Value : measured >= Value,
        TargetForm.Range => measured >= Value && measured <= Upper,
        _ => false,
    };

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
