using Npgsql;
using ReplyX.Rollout.Primitives.Migrations;

namespace ReplyX.Rollout.Controller.Persistence;

/// <summary>
/// Brings the controller schema up to date before the controller serves anything. Runs in StartAsync, so the
/// host does not start listening with an old schema; several replicas starting together serialize on the
/// migrator's advisory lock.
/// </summary>
internal sealed class ControllerSchemaMigrator(NpgsqlDataSource dataSource, ILogger<SqlMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await ControllerSchema.MigrateAsync(dataSource, logger, cancellationToken);
        logger.LogInformation("Controller schema up to date; {Count} migrations applied by this instance", applied.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
