using Npgsql;
using ReplyX.Api.Flags;

namespace ReplyX.Api.Model;

/// <summary>What every workload handler needs, bound with [AsParameters].</summary>
public sealed class ReplyXServices(NpgsqlDataSource dataSource, TimeProvider timeProvider, PhaseFlags flags, IConfiguration configuration)
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public PhaseFlags Flags { get; } = flags;

    public IConfiguration Configuration { get; } = configuration;
}
