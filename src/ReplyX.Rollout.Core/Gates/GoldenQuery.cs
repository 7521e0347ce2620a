namespace ReplyX.Rollout.Core.Gates;

/// <summary>A golden query: an embedding and its exact top-k neighbours (ids, nearest first).</summary>
public sealed record GoldenQuery(long NearChunk, float[] Embedding, IReadOnlyList<long> Expected);
