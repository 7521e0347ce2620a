using Microsoft.FeatureManagement.FeatureFilters;

namespace ReplyX.Rollout.Tests.Flags;

/// <summary>A targeting context a test sets user by user.</summary>
internal sealed class SettableTargetingAccessor : ITargetingContextAccessor
{
    public string? UserId { get; set; }

    public ValueTask<TargetingContext> GetContextAsync() => ValueTask.FromResult(new TargetingContext { UserId = UserId });
}
