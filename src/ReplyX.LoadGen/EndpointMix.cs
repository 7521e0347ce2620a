using System.Globalization;

namespace ReplyX.LoadGen;

/// <summary>A weighted choice of <see cref="WorkloadAction"/>, parsed from <c>name=weight,...</c>.</summary>
public sealed class EndpointMix
{
    private static readonly Dictionary<string, WorkloadAction> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dialogs"] = WorkloadAction.ListDialogs,
        ["messages"] = WorkloadAction.PageMessages,
        ["post"] = WorkloadAction.PostMessage,
        ["search"] = WorkloadAction.SearchText,
        ["similar"] = WorkloadAction.SearchSimilar,
    };

    private readonly (WorkloadAction Action, double Cumulative)[] _table;

    private EndpointMix((WorkloadAction, double)[] table) => _table = table;

    public static EndpointMix Parse(string text)
    {
        var entries = new List<(WorkloadAction, double)>();
        double total = 0;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !Names.TryGetValue(pair[0], out var action))
            {
                throw new FormatException($"Mix entry '{part}' is not name=weight with a name of {string.Join(", ", Names.Keys)}.");
            }

            if (!double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || weight < 0)
            {
                throw new FormatException($"Mix weight '{pair[1]}' of '{pair[0]}' is not a non-negative number.");
            }

            total += weight;
            entries.Add((action, total));
        }

        if (total <= 0)
        {
            throw new FormatException($"Mix '{text}' has no positive weight.");
        }

        return new EndpointMix([.. entries.Select(e => (e.Item1, e.Item2 / total))]);
    }

    public WorkloadAction Pick(double uniform)
    {
        foreach (var (action, cumulative) in _table)
        {
            if (uniform < cumulative)
            {
                return action;
            }
        }

        return _table[^1].Action;
    }
}
