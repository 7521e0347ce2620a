namespace ReplyX.Api.Model;

public sealed record KnowledgeHit(long EmbeddingId, long DocumentId, string Title, string Content, double Score);
