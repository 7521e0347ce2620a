using ReplyX.Rollout.Core.Analysis;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ReplyX.LoadGen;
using ReplyX.Rollout.Controller.Gates;
using ReplyX.Rollout.Core.Gates;
using ReplyX.Rollout.Tests.Core.Analysis;
using ReplyX.Rollout.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ReplyX.Rollout.Tests.Controller;

/// <summary>
/// The capacity gate's whole path in process: the controller's client asks the load generator service over HTTP
/// for a bounded run, the load generator drives the real workload API on a seeded database, and the gate judges
/// the readings. Thresholds are then set around what was measured.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CapacityGateTests(PostgresServerFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private string _connectionString = "";
    private WorkloadApiFactory _workload = null!;
    private LoadGenFactory _loadgen = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await SeededWorkload.CreateAsync(postgres, nameof(CapacityGateTests), 8_000);
        _workload = new WorkloadApiFactory(_connectionString, new Dictionary<string, string> { ["ReplyX:Flags:AcceptCohortHeader"] = "true" });
        _workload.CreateClient().Dispose();
        _loadgen = new LoadGenFactory(_workload);
    }

    public async Task DisposeAsync()
    {
        await _loadgen.DisposeAsync();
        await _workload.DisposeAsync();
    }

    [Fact]
    public async Task Passes_and_fails_on_thresholds_set_around_the_measured_readings()
    {
        var metrics = new FakeMetricsSource { LastReceivedAt = DateTimeOffset.MaxValue, Pending = 0 };
        var gate = new CapacityGate(new LoadGeneratorClient(_loadgen.CreateClient(), TimeProvider.System), metrics, TimeProvider.System);
        var options = new CapacityOptions(Users: 80, Rate: 40, Duration: TimeSpan.FromSeconds(5), Mix: "dialogs=40,messages=40,search=20", MaxP95: TimeSpan.FromSeconds(30), MaxErrorRate: 0.01, MaxPendingRequests: 0);

        var measured = await gate.RunAsync(options, CancellationToken.None);
        output.WriteLine(measured.Detail);
        var requests = Convert.ToInt64(measured.Readings["requests"]);
        var p95 = Convert.ToDouble(measured.Readings["p95Ms"]);

        Assert.True(measured.Passed, measured.Detail);
        Assert.InRange(requests, 150, 250);
        Assert.Equal(0L, Convert.ToInt64(measured.Readings["errors"]));
        Assert.True(p95 > 0);

        var readings = new CapacityReadings(requests, 0, 0, Convert.ToDouble(measured.Readings["p50Ms"]), p95, Convert.ToDouble(measured.Readings["p99Ms"]), Convert.ToDouble(measured.Readings["maxMs"]), Convert.ToDouble(measured.Readings["durationSeconds"]));
        var pool = new PoolReadings(0, 0, true);
        Assert.True(CapacityGate.Evaluate(options with { MaxP95 = TimeSpan.FromMilliseconds(p95 * 1.5 + 1) }, readings, pool).Passed);
        var tooStrict = CapacityGate.Evaluate(options with { MaxP95 = TimeSpan.FromMilliseconds(p95 / 2) }, readings, pool);
        Assert.False(tooStrict.Passed);
        Assert.StartsWith($"p95 {p95:F1} ms is above", tooStrict.Detail);
    }

    [Fact]
    public async Task The_gate_cohort_runs_on_the_tuned_pool_and_a_small_pool_carries_the_load()
    {
        _workload.Services.GetRequiredService<ReplyX.Api.Flags.ControllerFeatureDefinitionProvider>().Update(
            [new ReplyX.Api.Flags.FlagState(ReplyX.Api.Flags.PhaseFlags.PoolTuning, 0, new Dictionary<string, string> { ["pool.maxPoolSize"] = "4", ["pool.minPoolSize"] = "2" }, ["replyx-gate"])],
            TimeProvider.System.GetUtcNow());
        var metrics = new FakeMetricsSource { LastReceivedAt = DateTimeOffset.MaxValue, Pending = 0 };
        var gate = new CapacityGate(new LoadGeneratorClient(_loadgen.CreateClient(), TimeProvider.System), metrics, TimeProvider.System);

        var result = await gate.RunAsync(new CapacityOptions(80, 40, TimeSpan.FromSeconds(5), "dialogs=30,messages=40,post=10,search=10,similar=10", TimeSpan.FromSeconds(10), 0.01, 0), CancellationToken.None);
        output.WriteLine(result.Detail);

        Assert.True(result.Passed, result.Detail);
        await using var connection = new Npgsql.NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var sessions = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'replyx-pool-tuning' AND datname = current_database()", connection);
        Assert.InRange((long)(await sessions.ExecuteScalarAsync())!, 1, 4);
    }

    [Fact]
    public async Task A_sustained_pool_wait_during_the_run_fails_the_gate()
    {
        var metrics = new FakeMetricsSource { LastReceivedAt = DateTimeOffset.MaxValue, Pending = 12, PendingSeconds = 7 };
        var gate = new CapacityGate(new LoadGeneratorClient(_loadgen.CreateClient(), TimeProvider.System), metrics, TimeProvider.System);

        var result = await gate.RunAsync(new CapacityOptions(20, 10, TimeSpan.FromSeconds(2), "dialogs=100", TimeSpan.FromSeconds(30), 0.01, 0), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.StartsWith("the connection pool saturated: more than 0 request(s) waited for 7 s in a row (at most 12)", result.Detail);
    }

    [Fact]
    public async Task A_warm_up_ramps_up_first_and_is_reported_apart_from_the_measured_run()
    {
        var load = new LoadGeneratorClient(_loadgen.CreateClient(), TimeProvider.System);

        var readings = await load.RunAsync(new CapacityRequest(50, 40, TimeSpan.FromSeconds(3), "dialogs=100", "replyx-gate", TimeSpan.FromSeconds(2)), CancellationToken.None);

        // 40 req/s climbing from zero over 2 s is 40 arrivals; 3 s at full rate is 120 (the last ticks may miss the end on a
        // loaded 2-core host: a clean-clone CI run saw 114).
        Assert.Equal(40, readings.WarmupRequests);
        Assert.InRange(readings.Requests, 108, 120);
        Assert.Equal(0, readings.Errors + readings.WarmupErrors);
        Assert.True(readings.WarmupP95Ms > 0);
        Assert.InRange(readings.ElapsedSeconds, 2.9, 6);
    }

    [Fact]
    public async Task The_load_generator_refuses_a_bad_run_in_words()
    {
        using var client = _loadgen.CreateClient();
        using var response = await client.PostAsJsonAsync("/capacity-runs", new { users = 0, rate = 10, durationSeconds = 5 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("users must be from 1 to 10,000,000.", await response.Content.ReadAsStringAsync());
        using var badWarmup = await client.PostAsJsonAsync("/capacity-runs", new { users = 10, rate = 10, durationSeconds = 5, warmupSeconds = -1 });
        Assert.Contains("warmupSeconds must be from 0 to 600.", await badWarmup.Content.ReadAsStringAsync());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new LoadGeneratorClient(client, TimeProvider.System).RunAsync(new CapacityRequest(10, 0, TimeSpan.FromSeconds(1), null, "replyx-gate"), CancellationToken.None));
        Assert.Contains("the load generator refused the run (400)", error.Message);
    }

    [Fact]
    public async Task The_load_generator_counts_a_failed_answer_as_an_error_without_retrying_it()
    {
        var failing = new FailingHandler();
        await using var loadgen = new LoadGenFactory(_workload, failing);

        var readings = await new LoadGeneratorClient(loadgen.CreateClient(), TimeProvider.System)
            .RunAsync(new CapacityRequest(20, 20, TimeSpan.FromSeconds(1), "dialogs=100", "replyx-gate"), CancellationToken.None);

        // One answer per simulated request, every one a 503: no retry, no circuit breaker between user and workload.
        // (How many of the 20 arrivals a 1 s run sends varied from 6 to 20 between runs here; the ratio is the point.)
        Assert.True(readings.Requests > 0);
        Assert.Equal(readings.Requests, readings.Errors);
        Assert.Equal(readings.Requests, failing.Calls);
    }

    /// <summary>A workload that answers every request with 503 and counts them.</summary>
    private sealed class FailingHandler : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        }
    }

    /// <summary>The load generator service, its simulated users wired to the in-process workload, background load off.</summary>
    private sealed class LoadGenFactory(WorkloadApiFactory workload, HttpMessageHandler? handler = null) : WebApplicationFactory<CapacityRuns>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("LoadGen:Target", "http://workload.test");
            builder.ConfigureServices(services =>
            {
                services.AddHttpClient<SimulatedUsers>().ConfigurePrimaryHttpMessageHandler(() => handler ?? workload.Server.CreateHandler());
                foreach (var hosted in services.Where(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(LoadGenerator)).ToList())
                {
                    services.Remove(hosted);
                }
            });
        }
    }
}
