using Npgsql;

namespace ReplyX.Rollout.Core.Migrations.Tools;

/// <summary>
/// Chains that are SQL only: plain ordered files, SQL files with revision headers, or Alembic files whose upgrade
/// is only <c>op.execute(SQL)</c>. The controller applies the statements itself, one session, in graph order, and
/// records what it applied in <see cref="VersionTable"/> so an upgrade to a later revision applies only the rest.
/// </summary>
public sealed class SqlMigrationTool(string directory) : IMigrationTool
{
    public const string VersionTable = "replyx_applied_migrations";

    public string Name => MigrationToolOptions.Sql;

    public string Location => directory;

    public IReadOnlyCollection<string> OwnTables => [VersionTable, "alembic_version"];

    public Task<MigrationSet> GraphAsync(CancellationToken cancellationToken) => Task.FromResult(MigrationSet.Load(directory));

    public async Task UpgradeAsync(string connectionString, string target, CancellationToken cancellationToken)
    {
        var set = MigrationSet.Load(directory);
        if (target != IMigrationTool.Heads && set.Find(target) is null)
        {
            throw new MigrationApplyException($"{directory}: no revision '{target}'.");
        }

        var wanted = target == IMigrationTool.Heads ? set : set.Through(target);
        var applied = await AppliedAsync(connectionString, cancellationToken);
        var rest = wanted.Without(applied);
        await MigrationApplier.ApplyAsync(connectionString, rest, cancellationToken);
        await RecordAsync(connectionString, rest.Migrations.Select(m => m.Revision), replace: false, cancellationToken);
    }

    public async Task StampAsync(string connectionString, string revision, CancellationToken cancellationToken)
    {
        var set = MigrationSet.Load(directory);
        await AppliedAsync(connectionString, cancellationToken);
        await RecordAsync(connectionString, set.Through(revision).Migrations.Select(m => m.Revision), replace: true, cancellationToken);
    }

    private static async Task<IReadOnlySet<string>> AppliedAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var create = dataSource.CreateCommand($"CREATE TABLE IF NOT EXISTS {VersionTable} (revision text PRIMARY KEY)"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var read = dataSource.CreateCommand($"SELECT revision FROM {VersionTable}");
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }

    private static async Task RecordAsync(string connectionString, IEnumerable<string> revisions, bool replace, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        if (replace)
        {
            await using var clear = dataSource.CreateCommand($"DELETE FROM {VersionTable}");
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = dataSource.CreateCommand($"INSERT INTO {VersionTable} (revision) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue(revisions.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
