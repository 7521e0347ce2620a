using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using ReplyX.Rollout.Controller.Alerts;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Persistence;
using ReplyX.Rollout.Controller.Phases;
using ReplyX.Rollout.Controller.Requests;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Telemetry;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>
/// The controller's engine parts over a real state database and a <see cref="FakeTimeProvider"/>: a part can be
/// driven alone, pass by pass, with time advanced instead of slept.
/// </summary>
internal sealed class EngineParts : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private EngineParts(NpgsqlDataSource state, ControllerOptions options, IMetricsSource metrics)
    {
        State = state;
        Options = options;
        Metrics = metrics;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Store = new RolloutStore(state, Time, new RunPhases(), Fence);
        Telemetry = new RolloutTelemetry(_services.GetRequiredService<IMeterFactory>());
        Transitions = new RunTransitions(Store, Telemetry, NullLogger<RunTransitions>.Instance);
        Requests = new RequestHandler(Transitions, Store);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public ReplyX.Rollout.Controller.Leadership.WriterFence Fence { get; } = new();

    public NpgsqlDataSource State { get; }

    public ControllerOptions Options { get; }

    public IMetricsSource Metrics { get; }

    public RolloutStore Store { get; }

    public RolloutTelemetry Telemetry { get; }

    public RunTransitions Transitions { get; }

    public RequestHandler Requests { get; }

    public IOptions<ControllerOptions> OptionsWrapper => Microsoft.Extensions.Options.Options.Create(Options);

    public PhaseCatalog Catalog(string folder) => new(Microsoft.Extensions.Options.Options.Create(new ControllerOptions { PhasesDirectory = folder }), new Environment());

    public AlertPublisher Alerts
    {
        get
        {
            var sender = new WebhookSender(new NoHttp(), OptionsWrapper, Time);
            return new(Store, sender, new AlertDelivery(sender, Store), OptionsWrapper, NullLogger<AlertPublisher>.Instance);
        }
    }

    public static async Task<EngineParts> CreateAsync(PostgresServerFixture postgres, string owner, IMetricsSource metrics, ControllerOptions? options = null)
    {
        var state = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync(owner));
        await ControllerSchema.MigrateAsync(state, NullLogger<ReplyX.Rollout.Primitives.Migrations.SqlMigrator>.Instance, CancellationToken.None);
        return new EngineParts(state, options ?? new ControllerOptions(), metrics);
    }

    /// <summary>A run of <paramref name="phaseYaml"/> moved through the transition table to <paramref name="state"/>.</summary>
    public async Task<RolloutRun> RunInAsync(string phaseYaml, RolloutState state, Func<RolloutRun, RolloutRun>? change = null)
    {
        var phase = PhaseParser.Parse("phase.yaml", phaseYaml, new ReplyX.Rollout.Core.Diagnostics.DiagnosticBag())!;
        var run = await Store.CreateAsync(new RolloutRun
        {
            Id = Guid.CreateVersion7(Time.GetUtcNow()),
            PhaseId = phase.Id,
            Flag = phase.Flag,
            State = RolloutState.Pending,
            PhaseYaml = phaseYaml,
            CreatedAt = Time.GetUtcNow(),
        }, CancellationToken.None);
        RolloutState[] path = state switch
        {
            RolloutState.Pending => [],
            RolloutState.Preflight => [RolloutState.Preflight],
            RolloutState.Applying => [RolloutState.Preflight, RolloutState.Applying],
            RolloutState.Ramping => [RolloutState.Preflight, RolloutState.Applying, RolloutState.Ramping],
            RolloutState.Contracting => [RolloutState.Preflight, RolloutState.Applying, RolloutState.Ramping, RolloutState.Contracting],
            RolloutState.RollingBack => [RolloutState.Preflight, RolloutState.Applying, RolloutState.RollingBack],
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        foreach (var to in path)
        {
            var last = to == path[^1];
            run = (await Store.TransitionAsync(run.Id, run.State, to, "test setup", null,
                r => (to == RolloutState.Ramping ? r with { StageIndex = 0, Percentage = phase.Ramp.Stages[0], StageStartedAt = Time.GetUtcNow() } : r) is var moved && last && change is not null ? change(moved) : moved,
                CancellationToken.None))!;
        }

        return run;
    }

    public async Task<IReadOnlyList<RunEvent>> EventsAsync(Guid id) => await Store.EventsAsync(id, 0, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Telemetry.Dispose();
        await _services.DisposeAsync();
        await State.DisposeAsync();
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = RepositoryPaths.Root;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
