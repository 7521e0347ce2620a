using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

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

    public DateTimeOffset? UpdatedAt { get; private set; }

    public IReadOnlyDictionary<string, int> Percentages { get; private set; } = new Dictionary<string, int>();

    public void Update(IEnumerable<FlagState> flags, DateTimeOffset now)
    {
        var list = flags.ToList();
        _definitions = list.ToDictionary(f => f.Flag, f => new FeatureDefinition
        {
            Name = f.Flag,
            EnabledFor =
            [
                new FeatureFilterConfiguration
                {
                    Name = "Microsoft.Targeting",
                    ParametersObject = new TargetingFilterSettings { Audience = new Audience { DefaultRolloutPercentage = f.Percentage } },
                },
            ],
        });
        Percentages = list.ToDictionary(f => f.Flag, f => f.Percentage);
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
