using Npgsql;

namespace ReplyX.Api.Model;

/// <summary>What every workload handler needs, bound with [AsParameters].</summary>
public sealed class ReplyXServices(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public TimeProvider TimeProvider { get; } = timeProvider;
}
