namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>Every integration test class joins this collection and so shares one server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}
