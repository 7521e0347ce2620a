using Npgsql;
using ReplyX.Api.Data;
using ReplyX.Api.Flags;

namespace ReplyX.Api.Model;

/// <summary>What every workload handler needs, bound with [AsParameters].</summary>
public sealed class ReplyXServices(WorkloadDataSources dataSources, IHttpContextAccessor httpContextAccessor, TimeProvider timeProvider, PhaseFlags flags, IConfiguration configuration)
{
    public WorkloadDataSources DataSources { get; } = dataSources;

    public IHttpContextAccessor HttpContextAccessor { get; } = httpContextAccessor;

    /// <summary>The request's connection pool: phase 04's tuned pool on its treatment path, the control pool otherwise.</summary>
    public NpgsqlDataSource DataSource => DataSources.For(HttpContextAccessor.HttpContext);

    public TimeProvider TimeProvider { get; } = timeProvider;

    public PhaseFlags Flags { get; } = flags;

    public IConfiguration Configuration { get; } = configuration;
}
