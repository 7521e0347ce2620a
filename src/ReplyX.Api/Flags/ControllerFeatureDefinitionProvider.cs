using Microsoft.FeatureManagement;
using ReplyX.Rollout.Primitives.Flags;

namespace ReplyX.Api.Flags;

/// <summary>
/// Feature definitions fed by the controller (the source of truth for each phase flag). Each flag is a
/// <c>Microsoft.Targeting</c> filter with a default rollout percentage: targeting hashes user id and flag name,
/// so a user in the 5% stays in at 25% (sticky and nested). Unknown flags have no definition and evaluate to
/// false: with no word from the controller every request takes the control path.
/// </summary>
public sealed class ControllerFeatureDefinitionProvider : IFeatureDefinitionProvider
{
    private volatile IReadOnlyDictionary<string, FeatureDefinition> _definitions = new Dictionary<string, FeatureDefinition>();

    private volatile IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _parameters = new Dictionary<string, IReadOnlyDictionary<string, string>>();
    private volatile IReadOnlySet<string> _live = new HashSet<string>();

    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>A parameter of the flag's phase (<c>ivf.probes</c>); null when the controller sent none.</summary>
    public string? Parameter(string flag, string name) => _parameters.GetValueOrDefault(flag)?.GetValueOrDefault(name);

    /// <summary>Whether the flag's run is live (its changes applied, not finished): its tags win on a request that evaluates several flags.</summary>
    public bool IsLive(string flag) => _live.Contains(flag);

    public IReadOnlyDictionary<string, int> Percentages { get; private set; } = new Dictionary<string, int>();

    public void Update(IEnumerable<FlagState> flags, DateTimeOffset now)
    {
        var list = flags.ToList();
        _definitions = list.ToDictionary(f => f.Flag, f => PhaseFlagTargeting.Definition(f.Flag, f.Percentage, f.Cohorts));
        Percentages = list.ToDictionary(f => f.Flag, f => f.Percentage);
        _parameters = list.ToDictionary(f => f.Flag, f => f.Parameters ?? new Dictionary<string, string>());
        _live = list.Where(f => f.Cohorts is { Count: > 0 }).Select(f => f.Flag).ToHashSet();
        UpdatedAt = now;
    }

    public Task<FeatureDefinition?> GetFeatureDefinitionAsync(string featureName) =>
        Task.FromResult(_definitions.GetValueOrDefault(featureName));

    public async IAsyncEnumerable<FeatureDefinition> GetAllFeatureDefinitionsAsync()
    {
        foreach (var definition in _definitions.Values)
        {
            yield return definition;
        }

        await Task.CompletedTask;
    }
}
