using ReplyX.Rollout.Core.Gates;

namespace ReplyX.Rollout.Tests.Core.Gates;

public sealed class RecallAtKTests
{
    [Fact]
    public void Overlap_is_the_share_of_the_exact_top_k_found_in_any_order() =>
        Assert.Equal(0.7, RecallAtK.Overlap([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [10, 9, 8, 7, 6, 5, 4, 42, 43, 44], 10), 10);

    [Fact]
    public void Results_beyond_k_do_not_count() =>
        Assert.Equal(0.5, RecallAtK.Overlap([1, 2], [1, 99, 2], 2));

    [Fact]
    public void Nothing_found_is_zero() =>
        Assert.Equal(0, RecallAtK.Overlap([1, 2, 3], [], 3));
}
