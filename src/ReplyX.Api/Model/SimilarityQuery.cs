namespace ReplyX.Api.Model;

public sealed record SimilarityQuery(float[]? Embedding, int? Limit);
