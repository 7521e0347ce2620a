namespace ReplyX.Api.Data.Seeding;

/// <summary>What a seeding run wrote.</summary>
public sealed record SeedReport(int Users, int Dialogs, int Messages, int Documents, int Embeddings, TimeSpan Elapsed);
