namespace ReplyX.Rollout.AppHost.Postgres;

/// <summary>
/// A PostgreSQL server started from the machine's own binaries as an executable resource. Its connection string
/// has the shape the Aspire container resource exposes, so <c>WithReference</c> works the same in both modes.
/// </summary>
internal sealed class LocalPostgresServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username=postgres;Password={Password}");
}
