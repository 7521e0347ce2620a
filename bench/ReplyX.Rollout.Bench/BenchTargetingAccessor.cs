using Microsoft.FeatureManagement.FeatureFilters;

namespace ReplyX.Rollout.Bench;

public sealed class BenchTargetingAccessor : ITargetingContextAccessor
{
    public string? UserId { get; set; }

    public ValueTask<TargetingContext> GetContextAsync() => ValueTask.FromResult(new TargetingContext { UserId = UserId });
}
