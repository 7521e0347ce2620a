using Microsoft.AspNetCore.Http.HttpResults;
using ReplyX.Api.Data.Seeding;
using ReplyX.Api.Flags;
using ReplyX.Api.Model;

namespace ReplyX.Api.Apis;

/// <summary>Knowledge-base search, by words and by embedding similarity.</summary>
internal static class KnowledgeApi
{
    public static RouteGroupBuilder MapKnowledgeApi(this RouteGroupBuilder api)
    {
        var knowledge = api.MapGroup("/knowledge").WithTags("Knowledge");
        knowledge.MapGet("/search", SearchText).WithName("SearchKnowledge").WithSummary("Full-text search over knowledge chunks");
        knowledge.MapPost("/similar", SearchSimilar).WithName("SimilarKnowledge").WithSummary("Nearest knowledge chunks to an embedding (cosine)");
        return knowledge;
    }

    public static async Task<Results<Ok<IReadOnlyList<KnowledgeHit>>, ValidationProblem>> SearchText(
        [AsParameters] ReplyXServices services, string? q, int? limit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length < 2 || q.Length > 200)
        {
            return RequestProblems.Invalid("q", "q must be between 2 and 200 characters.");
        }

        if (!RequestProblems.TryLimit(limit, 10, 50, out var take, out var problem))
        {
            return problem!;
        }

        await using var command = services.DataSource.CreateCommand(
            """
            SELECT e.id, e.document_id, d.title, e.content,
                   ts_rank(to_tsvector('english', e.content), plainto_tsquery('english', $1)) AS score
            FROM knowledge_embeddings e
            JOIN knowledge_documents d ON d.id = e.document_id
            WHERE to_tsvector('english', e.content) @@ plainto_tsquery('english', $1)
            ORDER BY score DESC, e.id
            LIMIT $2
            """);
        command.Parameters.AddWithValue(q.Trim());
        command.Parameters.AddWithValue(take);
        return TypedResults.Ok(await ReadHitsAsync(command, cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<KnowledgeHit>>, ValidationProblem, ProblemHttpResult>> SearchSimilar(
        HttpContext http, [AsParameters] ReplyXServices services, SimilarityQuery query, CancellationToken cancellationToken)
    {
        if (query.Embedding is not { Length: DatasetSize.EmbeddingDimensions } embedding)
        {
            return RequestProblems.Invalid("embedding", $"embedding must have {DatasetSize.EmbeddingDimensions} numbers; got {query.Embedding?.Length ?? 0}.");
        }

        if (embedding.Any(v => !float.IsFinite(v)) || embedding.All(v => v == 0))
        {
            return RequestProblems.Invalid("embedding", "embedding must be finite and not all zeros.");
        }

        if (!RequestProblems.TryLimit(query.Limit, 10, 50, out var take, out var problem))
        {
            return problem!;
        }

        var normalized = SyntheticEmbeddings.Normalize((float[])embedding.Clone());

        // Phase 02's flag picks the search: the IVF function the phase created (probes from the phase's
        // parameters), or the exact scan.
        var probes = services.Flags.Definitions.Parameter(PhaseFlags.IvfSearch, "ivf.probes");
        var treatment = await services.Flags.IsTreatmentAsync(http, PhaseFlags.IvfSearch, cancellationToken) && probes is not null;
        if (treatment)
        {
            try
            {
                await using var ivf = services.DataSource.CreateCommand(
                    """
                    SELECT e.id, e.document_id, d.title, e.content, s.score
                    FROM knowledge_ivf_search($1::real[], $2, $3) AS s
                    JOIN knowledge_embeddings e ON e.id = s.id
                    JOIN knowledge_documents d ON d.id = e.document_id
                    ORDER BY s.score DESC, e.id
                    """);
                ivf.Parameters.AddWithValue(normalized);
                ivf.Parameters.AddWithValue(take);
                ivf.Parameters.AddWithValue(int.Parse(probes!, System.Globalization.CultureInfo.InvariantCulture));
                return TypedResults.Ok(await ReadHitsAsync(ivf, cancellationToken));
            }
            catch (Npgsql.PostgresException exception) when (exception.SqlState is Npgsql.PostgresErrorCodes.UndefinedFunction or Npgsql.PostgresErrorCodes.UndefinedTable or Npgsql.PostgresErrorCodes.UndefinedColumn)
            {
                // The phase is being rolled back and this instance has not heard yet: answer exactly instead.
                System.Diagnostics.Activity.Current?.SetTag("replyx.fallback", exception.SqlState);
            }
        }

        // Exact search: every stored chunk is scored. Stored embeddings are unit length, so the dot product
        // with the normalized query is the cosine similarity.
        await using var command = services.DataSource.CreateCommand(
            """
            SELECT e.id, e.document_id, d.title, e.content,
                   (SELECT sum(a * b) FROM unnest(e.embedding, $1::real[]) AS v(a, b)) AS score
            FROM knowledge_embeddings e
            JOIN knowledge_documents d ON d.id = e.document_id
            ORDER BY score DESC, e.id
            LIMIT $2
            """);
        command.Parameters.AddWithValue(normalized);
        command.Parameters.AddWithValue(take);
        return TypedResults.Ok(await ReadHitsAsync(command, cancellationToken));
    }

    private static async Task<IReadOnlyList<KnowledgeHit>> ReadHitsAsync(Npgsql.NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var hits = new List<KnowledgeHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new KnowledgeHit(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), Convert.ToDouble(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return hits;
    }
}
