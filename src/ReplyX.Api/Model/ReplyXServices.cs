using Npgsql;
using ReplyX.Api.Data;
using ReplyX.Api.Flags;

namespace ReplyX.Api.Model;

/// <summary>What every workload handler needs, bound with [AsParameters].</summary>
public sealed class ReplyXServices(WorkloadDataSources dataSources, IHttpContextAccessor http, TimeProvider timeProvider, PhaseFlags flags, IConfiguration configuration)
{
    /// <summary>The request's connection pool: phase 04's tuned pool on its treatment path, the control pool otherwise.</summary>
    public NpgsqlDataSource DataSource => dataSources.For(http.HttpContext);

    public TimeProvider TimeProvider { get; } = timeProvider;

    public PhaseFlags Flags { get; } = flags;

    public IConfiguration Configuration { get; } = configuration;
}
