namespace ReplyX.Rollout.AppHost.Postgres;

/// <summary>The chosen PostgreSQL server and a way to add databases on it, whatever the mode.</summary>
internal sealed class ReplyXPostgres(
    PostgresMode mode,
    string reason,
    IResourceBuilder<IResource> server,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> addDatabase)
{
    public PostgresMode Mode { get; } = mode;

    public string Reason { get; } = reason;

    public IResourceBuilder<IResource> Server { get; } = server;

    public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name) => addDatabase(name);
}
