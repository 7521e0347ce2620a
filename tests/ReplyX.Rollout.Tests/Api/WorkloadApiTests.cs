using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReplyX.Api.Data.Seeding;
using ReplyX.Api.Model;
using ReplyX.Rollout.Tests.Infrastructure;

namespace ReplyX.Rollout.Tests.Api;

[Collection(PostgresCollection.Name)]
public sealed class WorkloadApiTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    // 8,000 messages: 80 users with 10 dialogs each (dialog d belongs to user ((d - 1) mod 80) + 1).
    private const int Messages = 8_000;
    private const int Users = Messages / 100;
    private WorkloadApiFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = new WorkloadApiFactory(await SeededWorkload.CreateAsync(postgres, nameof(WorkloadApiTests), Messages));

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Lists_only_the_callers_dialogs_most_recent_first()
    {
        var dialogs = await GetAsync<List<DialogSummary>>(userId: 3, "/api/dialogs?limit=50");

        Assert.Equal(10, dialogs.Count);
        Assert.All(dialogs, d => Assert.Equal(3, ((d.Id - 1) % Users) + 1));
        Assert.Equal(dialogs.OrderByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Id).Select(d => d.Id), dialogs.Select(d => d.Id));
    }

    [Fact]
    public async Task Pages_a_dialog_newest_first_and_the_cursor_walks_every_message_once()
    {
        var (userId, dialogId, total) = await BusiestDialogAsync();
        var seen = new List<DialogMessage>();
        string? cursor = null;
        do
        {
            var page = await GetAsync<MessagePage>(userId, $"/api/dialogs/{dialogId}/messages?limit=7" + (cursor is null ? "" : $"&before={cursor}"));
            Assert.True(page.Messages.Count <= 7);
            seen.AddRange(page.Messages);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(total, seen.Count);
        Assert.Equal(seen.Count, seen.Select(m => m.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Select(m => m.Id), seen.Select(m => m.Id));
        Assert.All(seen, m => Assert.Equal(dialogId, m.DialogId));
    }

    [Fact]
    public async Task Posting_a_message_makes_it_the_newest_of_its_dialog()
    {
        var client = ClientFor(userId: 5);
        var response = await client.PostAsJsonAsync("/api/dialogs/5/messages", new { content = "Where is my refund?" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<DialogMessage>())!;
        var page = await GetAsync<MessagePage>(5, "/api/dialogs/5/messages?limit=1");
        Assert.Equal(created.Id, page.Messages.Single().Id);
        Assert.Equal("Where is my refund?", page.Messages.Single().Content);
    }

    [Fact]
    public async Task Another_users_dialog_is_not_found_for_reading_or_posting()
    {
        var client = ClientFor(userId: 2);

        var read = await client.GetAsync("/api/dialogs/1/messages");
        var post = await client.PostAsJsonAsync("/api/dialogs/1/messages", new { content = "hello" });

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(null, "Missing user id")]
    [InlineData("", "Missing user id")]
    [InlineData("abc", "Invalid user id")]
    [InlineData("-4", "Invalid user id")]
    [InlineData("0", "Invalid user id")]
    public async Task A_missing_or_invalid_user_id_is_a_400_problem(string? header, string title)
    {
        var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dialogs");
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("X-User-Id", header);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(title, body.RootElement.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("%%%%")]
    public async Task An_invalid_page_cursor_is_a_400_problem_naming_the_field(string cursor)
    {
        var response = await ClientFor(1).GetAsync($"/api/dialogs/1/messages?before={Uri.EscapeDataString(cursor)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty("before", out _));
    }

    [Theory]
    [InlineData("/api/dialogs?limit=0", "limit")]
    [InlineData("/api/dialogs?limit=1000", "limit")]
    [InlineData("/api/knowledge/search?q=a", "q")]
    public async Task Out_of_range_query_values_are_400_problems(string url, string field)
    {
        var response = await ClientFor(1).GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Empty_message_content_is_a_400_problem()
    {
        var response = await ClientFor(1).PostAsJsonAsync("/api/dialogs/1/messages", new { content = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Text_search_returns_chunks_that_contain_the_word_ranked()
    {
        var hits = await GetAsync<List<KnowledgeHit>>(1, "/api/knowledge/search?q=refund&limit=5");

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Contains("refund", h.Content, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(hits.OrderByDescending(h => h.Score).Select(h => h.Score), hits.Select(h => h.Score));
    }

    [Fact]
    public async Task Similarity_search_finds_a_stored_chunk_as_its_own_nearest_neighbour()
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(await postgres.DatabaseForAsync(nameof(WorkloadApiTests)));
        await using var command = dataSource.CreateCommand("SELECT id, embedding FROM knowledge_embeddings WHERE id = 17");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var embedding = reader.GetFieldValue<float[]>(1);

        var response = await ClientFor(1).PostAsJsonAsync("/api/knowledge/similar", new { embedding, limit = 5 });
        var hits = (await response.Content.ReadFromJsonAsync<List<KnowledgeHit>>())!;

        Assert.Equal(5, hits.Count);
        Assert.Equal(17, hits[0].EmbeddingId);
        Assert.Equal(1.0, hits[0].Score, 3);
        Assert.Equal(hits.OrderByDescending(h => h.Score).Select(h => h.Score), hits.Select(h => h.Score));
    }

    [Fact]
    public async Task Similarity_search_rejects_an_embedding_of_the_wrong_size()
    {
        var response = await ClientFor(1).PostAsJsonAsync("/api/knowledge/similar", new { embedding = new float[3] { 1, 2, 3 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"{DatasetSize.EmbeddingDimensions} numbers", await response.Content.ReadAsStringAsync());
    }

    private HttpClient ClientFor(long userId)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-User-Id", userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return client;
    }

    private async Task<T> GetAsync<T>(long userId, string url)
    {
        var response = await ClientFor(userId).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private async Task<(long UserId, long DialogId, int Total)> BusiestDialogAsync()
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(await postgres.DatabaseForAsync(nameof(WorkloadApiTests)));
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.user_id, d.id, count(*)::int FROM dialog_messages m JOIN dialogs d ON d.id = m.dialog_id
            GROUP BY d.user_id, d.id ORDER BY count(*) DESC, d.id LIMIT 1
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2));
    }
}
