using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace ReplyX.Api.Data.Seeding;

/// <summary>
/// Fills the workload schema with realistic, deterministic data through binary COPY: the same size always
/// produces the same rows, so benchmarks and recall measurements are comparable across runs and machines.
/// </summary>
public sealed partial class DatasetSeeder(NpgsqlDataSource dataSource, ILogger<DatasetSeeder> logger)
{
    public const int Seed = 20250825;

    /// <summary>How far a chunk sits from its document's centre (per dimension; a topic's documents sit 0.2 from it).</summary>
    public const double ChunkSpread = 0.1;

    // Fixed instants, never the wall clock: the data must not depend on the day it was seeded.
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Channels = ["web", "telegram", "whatsapp", "email"];
    private static readonly string[] Plans = ["free", "free", "free", "pro", "pro", "business"];

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT NOT EXISTS (SELECT 1 FROM users)");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<SeedReport> SeedAsync(DatasetSize size, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        LogSeeding(logger, size.Messages, size.Users, size.Dialogs, size.Embeddings);

        var plan = SeedPlan.Create(size, Seed);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        await CopyUsersAsync(connection, size, cancellationToken);
        await CopyDialogsAsync(connection, plan, cancellationToken);
        await CopyMessagesAsync(connection, plan, cancellationToken);
        await CopyKnowledgeAsync(connection, size, cancellationToken);

        await using (var finish = new NpgsqlCommand(
            """
            SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users));
            SELECT setval(pg_get_serial_sequence('dialogs', 'id'), (SELECT max(id) FROM dialogs));
            SELECT setval(pg_get_serial_sequence('dialog_messages', 'id'), (SELECT max(id) FROM dialog_messages));
            SELECT setval(pg_get_serial_sequence('knowledge_documents', 'id'), (SELECT max(id) FROM knowledge_documents));
            SELECT setval(pg_get_serial_sequence('knowledge_embeddings', 'id'), (SELECT max(id) FROM knowledge_embeddings));
            ANALYZE users, dialogs, dialog_messages, knowledge_documents, knowledge_embeddings;
            """, connection))
        {
            await finish.ExecuteNonQueryAsync(cancellationToken);
        }

        var report = new SeedReport(size.Users, size.Dialogs, size.Messages, size.Documents, size.Embeddings, stopwatch.Elapsed);
        LogSeeded(logger, report.Messages, stopwatch.Elapsed.TotalSeconds);
        return report;
    }

    private static async Task CopyUsersAsync(NpgsqlConnection connection, DatasetSize size, CancellationToken cancellationToken)
    {
        var random = new Random(Seed + 1);
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY users (id, email, display_name, plan, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (long id = 1; id <= size.Users; id++)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(id, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync($"user{id}@example.replyx.io", NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync($"User {id}", NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(Plans[random.Next(Plans.Length)], NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(Epoch.AddMinutes(-random.Next(0, 60 * 24 * 365)), NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await import.CompleteAsync(cancellationToken);
    }

    private static async Task CopyDialogsAsync(NpgsqlConnection connection, SeedPlan plan, CancellationToken cancellationToken)
    {
        var random = new Random(Seed + 2);
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY dialogs (id, user_id, channel, title, created_at, updated_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var d = 0; d < plan.DialogCreated.Length; d++)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync((long)d + 1, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(plan.DialogOwner(d), NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(Channels[random.Next(Channels.Length)], NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync("About " + SyntheticText.Topic(random), NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(Epoch.AddTicks(plan.DialogCreated[d]), NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(Epoch.AddTicks(plan.DialogUpdated[d]), NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await import.CompleteAsync(cancellationToken);
    }

    private async Task CopyMessagesAsync(NpgsqlConnection connection, SeedPlan plan, CancellationToken cancellationToken)
    {
        var random = new Random(Seed + 3);
        var total = plan.MessageDialog.Length;
        var tenth = Math.Max(1, total / 10);
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY dialog_messages (id, dialog_id, sender, content, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var i = 0; i < total; i++)
        {
            var fromUser = random.Next(2) == 0;
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync((long)i + 1, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync((long)plan.MessageDialog[i] + 1, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(fromUser ? "user" : random.Next(10) == 0 ? "operator" : "assistant", NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(SyntheticText.Sentence(random, fromUser ? 4 : 8, fromUser ? 18 : 40, SyntheticText.Topic(random)), NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(Epoch.AddTicks(plan.MessageTicks[i]), NpgsqlDbType.TimestampTz, cancellationToken);
            if ((i + 1) % tenth == 0)
            {
                LogProgress(logger, i + 1, total);
            }
        }

        await import.CompleteAsync(cancellationToken);
    }

    private static async Task CopyKnowledgeAsync(NpgsqlConnection connection, DatasetSize size, CancellationToken cancellationToken)
    {
        var random = new Random(Seed + 4);
        var embeddings = new SyntheticEmbeddings(SyntheticText.TopicCount, DatasetSize.EmbeddingDimensions, Seed + 5);
        var topics = new int[size.Documents];
        await using (var documents = await connection.BeginBinaryImportAsync(
            "COPY knowledge_documents (id, title, body, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var d = 0; d < size.Documents; d++)
            {
                topics[d] = random.Next(SyntheticText.TopicCount);
                var topic = SyntheticText.TopicAt(topics[d]);
                await documents.StartRowAsync(cancellationToken);
                await documents.WriteAsync((long)d + 1, NpgsqlDbType.Bigint, cancellationToken);
                await documents.WriteAsync($"How to: {topic} #{d + 1}", NpgsqlDbType.Text, cancellationToken);
                await documents.WriteAsync(SyntheticText.Sentence(random, 40, 120, topic), NpgsqlDbType.Text, cancellationToken);
                await documents.WriteAsync(Epoch.AddHours(-random.Next(0, 24 * 365)), NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await documents.CompleteAsync(cancellationToken);
        }

        await using var chunks = await connection.BeginBinaryImportAsync(
            "COPY knowledge_embeddings (id, document_id, chunk_no, content, embedding) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long id = 1;
        for (var d = 0; d < size.Documents; d++)
        {
            var center = embeddings.Near(topics[d], random);
            for (var c = 0; c < size.ChunksPerDocument; c++)
            {
                await chunks.StartRowAsync(cancellationToken);
                await chunks.WriteAsync(id++, NpgsqlDbType.Bigint, cancellationToken);
                await chunks.WriteAsync((long)d + 1, NpgsqlDbType.Bigint, cancellationToken);
                await chunks.WriteAsync(c, NpgsqlDbType.Integer, cancellationToken);
                await chunks.WriteAsync(SyntheticText.Sentence(random, 12, 40, SyntheticText.TopicAt(topics[d])), NpgsqlDbType.Text, cancellationToken);
                await chunks.WriteAsync(SyntheticEmbeddings.Around(center, random, ChunkSpread), NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
            }
        }

        await chunks.CompleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeding {Messages} messages, {Users} users, {Dialogs} dialogs, {Embeddings} embeddings")]
    private static partial void LogSeeding(ILogger logger, int messages, int users, int dialogs, int embeddings);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded messages: {Done}/{Total}")]
    private static partial void LogProgress(ILogger logger, int done, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Messages} messages in {Seconds:F1} s")]
    private static partial void LogSeeded(ILogger logger, int messages, double seconds);
}
