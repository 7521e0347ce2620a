using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using ReplyX.Api.Flags;

namespace ReplyX.Rollout.Bench;

/// <summary>
/// The cost the workload pays per request for a phase flag: one targeting evaluation over the controller-fed
/// definition (a typed <c>ParametersObject</c>, no configuration binding on the hot path).
/// </summary>
[MemoryDiagnoser]
public class FlagEvaluationBenchmarks
{
    private const string Flag = "replyx.messages.keyset-pages";
    private IFeatureManager _features = null!;
    private BenchTargetingAccessor _accessor = null!;
    private int _user;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var provider = new ControllerFeatureDefinitionProvider();
        provider.Update([new FlagState(Flag, 25)], TimeProvider.System.GetUtcNow());
        services.AddSingleton<IFeatureDefinitionProvider>(provider);
        services.AddFeatureManagement().WithTargeting<BenchTargetingAccessor>();
        var built = services.BuildServiceProvider();
        _features = built.GetRequiredService<IFeatureManager>();
        _accessor = (BenchTargetingAccessor)built.GetRequiredService<ITargetingContextAccessor>();
    }

    [Benchmark(Description = "targeting at 25%, one request's evaluation")]
    public async Task<bool> EvaluateFlag()
    {
        _accessor.UserId = (++_user % 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await _features.IsEnabledAsync(Flag);
    }

    [Benchmark(Description = "unknown flag (no definition: control path)")]
    public async Task<bool> EvaluateUnknownFlag() => await _features.IsEnabledAsync("replyx.unknown");
}
