using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using ReplyX.Api.Flags;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Flags;

/// <summary>The workload's flag evaluation: Microsoft.FeatureManagement targeting over the controller's definitions.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FlagAssignmentTests(PostgresServerFixture postgres, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Flag = "replyx.messages.keyset-pages";

    [Fact]
    public async Task Every_user_in_the_5_percent_is_still_in_at_25_and_the_shares_are_right()
    {
        var (features, provider, accessor) = Build();
        var users = Enumerable.Range(1, 10_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        provider.Update([new FlagState(Flag, 5)], TimeProvider.System.GetUtcNow());
        var atFive = await TreatedAsync(features, accessor, users);
        provider.Update([new FlagState(Flag, 25)], TimeProvider.System.GetUtcNow());
        var atTwentyFive = await TreatedAsync(features, accessor, users);

        Assert.Subset(atTwentyFive, atFive);
        Assert.InRange(atFive.Count, 400, 600);
        Assert.InRange(atTwentyFive.Count, 2300, 2700);
        provider.Update([new FlagState(Flag, 5)], TimeProvider.System.GetUtcNow());
        Assert.Equal(atFive, await TreatedAsync(features, accessor, users));
    }

    [Fact]
    public async Task Without_any_definition_every_request_takes_the_control_path()
    {
        var (features, _, accessor) = Build();

        var treated = await TreatedAsync(features, accessor, ["1", "2", "3", "4", "5", "6", "7", "8"]);

        Assert.Empty(treated);
    }

    [Fact]
    public async Task A_changed_percentage_reaches_the_workload_within_2_seconds_and_an_unreachable_controller_keeps_the_last()
    {
        var settings = await ControllerSettings.CreateAsync(postgres, "flags");
        await using var host = new ControllerHost(settings);
        using var client = host.Client();
        var provider = new ControllerFeatureDefinitionProvider();
        using var pollerClient = host.CreateClient();
        var poller = new FlagsPoller(pollerClient, provider, new FlagsOptions { PollInterval = TimeSpan.FromMilliseconds(500) }, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<FlagsPoller>.Instance);
        using var stop = new CancellationTokenSource();
        await poller.StartAsync(stop.Token);

        var id = await RolloutApi.StartAsync(client, "foundation", bake: "3s");
        var lags = new List<TimeSpan>();
        var seen = 0;
        var deadline = TimeProvider.System.GetUtcNow().AddMinutes(2);
        while (seen < 100 && TimeProvider.System.GetUtcNow() < deadline)
        {
            var percentage = provider.Percentages.GetValueOrDefault(Flag);
            if (percentage != seen)
            {
                var run = await RolloutApi.GetAsync(client, id);
                var changedAt = run.Events().Last(e => e.GetProperty("kind").GetString() == "transition" && e.GetProperty("reason").GetString()!.Contains($"to {percentage}%", StringComparison.Ordinal)).GetProperty("at").GetDateTimeOffset();
                lags.Add(provider.UpdatedAt!.Value - changedAt);
                seen = percentage;
            }

            await Task.Delay(20);
        }

        await poller.StopAsync(CancellationToken.None);
        Assert.Equal(100, seen);
        Assert.Equal(3, lags.Count);
        output.WriteLine("flag propagation lags (ms): " + string.Join(", ", lags.Select(l => l.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.All(lags, lag => Assert.InRange(lag, TimeSpan.Zero, TimeSpan.FromSeconds(2)));

        // The controller goes away: the workload keeps serving the last definitions it had.
        await host.DisposeAsync();
        var unreachable = new FlagsPoller(new HttpClient { BaseAddress = new Uri("http://127.0.0.1:1") }, provider, new FlagsOptions(), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<FlagsPoller>.Instance);
        await unreachable.PollOnceAsync(CancellationToken.None);
        Assert.Equal(100, provider.Percentages[Flag]);
    }

    private static (IFeatureManager Features, ControllerFeatureDefinitionProvider Provider, SettableTargetingAccessor Accessor) Build()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var provider = new ControllerFeatureDefinitionProvider();
        services.AddSingleton<IFeatureDefinitionProvider>(provider);
        services.AddFeatureManagement().WithTargeting<SettableTargetingAccessor>();
        var built = services.BuildServiceProvider();
        return (built.GetRequiredService<IFeatureManager>(), provider, (SettableTargetingAccessor)built.GetRequiredService<ITargetingContextAccessor>());
    }

    private static async Task<HashSet<string>> TreatedAsync(IFeatureManager features, SettableTargetingAccessor accessor, IReadOnlyList<string> users)
    {
        var treated = new HashSet<string>();
        foreach (var user in users)
        {
            accessor.UserId = user;
            if (await features.IsEnabledAsync(Flag))
            {
                treated.Add(user);
            }
        }

        return treated;
    }
}
