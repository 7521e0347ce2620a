using System.Globalization;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Gates;

/// <summary>Typed reads of a gate's declared settings; every bad value is collected with the key it belongs to.</summary>
public sealed partial class GateSettings(GateSpec spec)
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public string Type => spec.Type;

    public int Integer(string key, int fallback, int min, int max)
    {
        if (!spec.Settings.TryGetValue(key, out var text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        _errors.Add($"{spec.Type}.{key} must be a whole number from {min} to {max}; got '{text}'.");
        return fallback;
    }

    public double Percentage(string key, double fallback)
    {
        if (!spec.Settings.TryGetValue(key, out var text))
        {
            return fallback;
        }

        if (Percentages.TryParse(text, out var value))
        {
            return value;
        }

        _errors.Add($"{spec.Type}.{key} must be a percentage like 85%; got '{text}'.");
        return fallback;
    }

    /// <summary>A duration like 30s; zero only where <paramref name="allowZero"/> says it turns something off.</summary>
    public TimeSpan Duration(string key, TimeSpan fallback, bool allowZero = false)
    {
        if (!spec.Settings.TryGetValue(key, out var text))
        {
            return fallback;
        }

        if (Durations.TryParse(text, out var value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero)))
        {
            return value;
        }

        _errors.Add(allowZero
            ? $"{spec.Type}.{key} must be a duration like 0s, 15s or 1m; got '{text}'."
            : $"{spec.Type}.{key} must be a positive duration like 100ms, 30s or 2m; got '{text}'.");
        return fallback;
    }

    /// <summary>A SQL name, optionally schema-qualified; it is quoted where used, never pasted as SQL text.</summary>
    public string Identifier(string key, string? fallback)
    {
        var text = spec.Settings.GetValueOrDefault(key) ?? fallback;
        if (text is null)
        {
            _errors.Add($"{spec.Type} needs '{key}'.");
            return "";
        }

        if (!IdentifierPattern().IsMatch(text))
        {
            _errors.Add($"{spec.Type}.{key} must be a SQL name (optionally schema-qualified) like knowledge_ivf_search; got '{text}'.");
            return "";
        }

        return text;
    }

    public string? Text(string key) => spec.Settings.GetValueOrDefault(key);

    /// <summary>One of <paramref name="allowed"/> (exactly as written there), else <paramref name="fallback"/> when absent.</summary>
    public string Choice(string key, IReadOnlyList<string> allowed, string fallback)
    {
        var text = Text(key);
        if (text is null)
        {
            return fallback;
        }

        if (allowed.Contains(text))
        {
            return text;
        }

        _errors.Add($"{spec.Type}: '{key}' must be one of {string.Join(", ", allowed)}; got '{text}'.");
        return fallback;
    }

    public void Invalid(string message) => _errors.Add($"{spec.Type}: {message}");

    public string Required(string key)
    {
        if (spec.Settings.TryGetValue(key, out var text) && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        _errors.Add($"{spec.Type} needs '{key}'.");
        return "";
    }

    /// <summary>Throws when a setting was bad: the loader reports these at load time, so a run only sees valid gates.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", _errors));
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$")]
    private static partial System.Text.RegularExpressions.Regex IdentifierPattern();
}
