using System.Globalization;
using ReplyX.Rollout.Core.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>
/// Typed reads over YamlDotNet's representation model that keep every node's position and report each
/// problem (unknown key with a suggestion, wrong type, bad value) instead of throwing on the first one.
/// </summary>
internal sealed class YamlNodeReader(string file, DiagnosticBag diagnostics)
{
    public string File { get; } = file;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public static SourcePosition Position(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

    public void Error(string code, YamlNode node, string message) => Diagnostics.Error(code, File, Position(node), message);

    public void Warning(string code, YamlNode node, string message) => Diagnostics.Warning(code, File, Position(node), message);

    /// <summary>The keys of a mapping; unknown keys are reported with the closest known one.</summary>
    public Dictionary<string, YamlNode>? Mapping(YamlNode node, string context, params string[] allowed)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(DiagnosticCodes.WrongType, node, $"{context} must be a mapping (key: value), got {Describe(node)}.");
            return null;
        }

        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(DiagnosticCodes.WrongType, keyNode, $"keys of {context} must be plain names.");
                continue;
            }

            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                var suggestion = Suggest(key, allowed);
                Error(DiagnosticCodes.UnknownKey, keyNode,
                    $"unknown key '{key}' in {context}" + (suggestion is null ? $"; expected one of: {string.Join(", ", allowed)}." : $"; did you mean '{suggestion}'?"));
                continue;
            }

            result[key] = value;
        }

        return result;
    }

    public YamlNode? Required(Dictionary<string, YamlNode> keys, YamlNode owner, string key, string context)
    {
        if (keys.TryGetValue(key, out var value))
        {
            return value;
        }

        Error(DiagnosticCodes.MissingKey, owner, $"{context} is missing required key '{key}'.");
        return null;
    }

    public string? String(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? "";
        }

        Error(DiagnosticCodes.WrongType, node, $"{what} must be a text value, got {Describe(node)}.");
        return null;
    }

    public int? Integer(YamlNode? node, string what, int min, int max)
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Error(DiagnosticCodes.WrongType, node!, $"{what} must be a whole number, got '{text}'.");
            return null;
        }

        if (value < min || value > max)
        {
            Error(DiagnosticCodes.ThresholdOutOfRange, node!, $"{what} must be between {min} and {max}, got {value}.");
            return null;
        }

        return value;
    }

    public double? Number(YamlNode? node, string what, double min, double max)
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(DiagnosticCodes.WrongType, node!, $"{what} must be a number, got '{text}'.");
            return null;
        }

        if (value < min || value > max)
        {
            Error(DiagnosticCodes.ThresholdOutOfRange, node!, $"{what} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, got {text}.");
            return null;
        }

        return value;
    }

    public bool? Boolean(YamlNode? node, string what)
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Error(DiagnosticCodes.WrongType, node!, $"{what} must be true or false, got '{text}'.");
        return null;
    }

    public TimeSpan? Duration(YamlNode? node, string what, TimeSpan min, TimeSpan max)
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        if (!Durations.TryParse(text, out var value))
        {
            Error(DiagnosticCodes.BadDuration, node!, $"{what} '{text}' is not a duration; write e.g. 500ms, 30s, 5m, 2h or 1h30m.");
            return null;
        }

        if (value < min || value > max)
        {
            Error(DiagnosticCodes.ThresholdOutOfRange, node!, $"{what} must be between {Durations.Format(min)} and {Durations.Format(max)}, got {text}.");
            return null;
        }

        return value;
    }

    /// <summary>A percentage as a fraction (20% is 0.2), checked against [min, max] given as fractions.</summary>
    public double? Percentage(YamlNode? node, string what, double min, double max)
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        if (!Percentages.TryParse(text, out var value))
        {
            Error(DiagnosticCodes.BadPercentage, node!, $"{what} '{text}' is not a percentage; write e.g. 20%.");
            return null;
        }

        if (value < min || value > max)
        {
            Error(DiagnosticCodes.ThresholdOutOfRange, node!, $"{what} must be between {Percentages.Format(min)} and {Percentages.Format(max)}, got {text}.");
            return null;
        }

        return value;
    }

    public IReadOnlyList<YamlNode>? Sequence(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlSequenceNode sequence)
        {
            return [.. sequence.Children];
        }

        Error(DiagnosticCodes.WrongType, node, $"{what} must be a list, got {Describe(node)}.");
        return null;
    }

    public IReadOnlyList<string> Strings(YamlNode? node, string what) =>
        Sequence(node, what)?.Select(item => String(item, $"each entry of {what}")).OfType<string>().ToList() ?? [];

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode { Value: var v } => $"'{v}'",
        _ => node.NodeType.ToString(),
    };

    internal static string? Suggest(string key, IEnumerable<string> candidates) =>
        candidates
            .Select(c => (Candidate: c, Distance: Levenshtein(key.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(2, key.Length / 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Candidate)
            .FirstOrDefault();

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
