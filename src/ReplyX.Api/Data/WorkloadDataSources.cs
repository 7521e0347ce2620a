using System.Globalization;
using Npgsql;
using ReplyX.Api.Flags;

namespace ReplyX.Api.Data;

/// <summary>
/// The connection pools of the workload: the control pool Aspire configured, and - for requests on phase 04's
/// treatment path - a pool built with the phase's <c>pool.*</c> parameters (maxPoolSize, minPoolSize,
/// connectionIdleLifetime seconds). A change of parameters builds a new pool; the old one is disposed when idle.
/// The tuned pool's sessions are named <see cref="ApplicationName"/> in <c>pg_stat_activity</c>.
/// </summary>
public sealed class WorkloadDataSources(NpgsqlDataSource control, ControllerFeatureDefinitionProvider definitions, IConfiguration configuration) : IAsyncDisposable
{
    public const string ApplicationName = "replyx-pool-tuning";
    private const string ChosenKey = "replyx.datasource";
    private readonly Lock _gate = new();
    private (string Key, NpgsqlDataSource Source)? _treatment;

    public NpgsqlDataSource Control => control;

    /// <summary>The pool chosen for the current request (by <see cref="PoolRoutingFilter"/>); the control pool otherwise.</summary>
    public NpgsqlDataSource For(HttpContext? http) => http?.Items[ChosenKey] as NpgsqlDataSource ?? control;

    public void Choose(HttpContext http, bool treatment) => http.Items[ChosenKey] = treatment ? Treatment() ?? control : control;

    private NpgsqlDataSource? Treatment()
    {
        string? Get(string name) => definitions.Parameter(PhaseFlags.PoolTuning, name);
        var max = Get("pool.maxPoolSize");
        if (max is null)
        {
            return null;
        }

        var key = string.Join('|', max, Get("pool.minPoolSize"), Get("pool.connectionIdleLifetime"));
        lock (_gate)
        {
            if (_treatment is { } current && current.Key == key)
            {
                return current.Source;
            }

            // From configuration, not control.ConnectionString: a data source's connection string has no password.
            var connectionString = configuration.GetConnectionString(Extensions.Extensions.DatabaseName) ?? control.ConnectionString;
            var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = ApplicationName };
            builder.ConnectionStringBuilder.ApplicationName = ApplicationName;
            builder.ConnectionStringBuilder.MaxPoolSize = int.Parse(max, CultureInfo.InvariantCulture);
            if (Get("pool.minPoolSize") is { } min)
            {
                builder.ConnectionStringBuilder.MinPoolSize = int.Parse(min, CultureInfo.InvariantCulture);
            }

            if (Get("pool.connectionIdleLifetime") is { } idle)
            {
                builder.ConnectionStringBuilder.ConnectionIdleLifetime = int.Parse(idle, CultureInfo.InvariantCulture);
            }

            var previous = _treatment?.Source;
            _treatment = (key, builder.Build());
            if (previous is not null)
            {
                // Requests still holding connections from the old pool finish first.
                _ = Task.Delay(TimeSpan.FromSeconds(30)).ContinueWith(_ => previous.DisposeAsync().AsTask(), TaskScheduler.Default);
            }

            return _treatment.Value.Source;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_treatment?.Source is { } source)
        {
            await source.DisposeAsync();
        }
    }
}
