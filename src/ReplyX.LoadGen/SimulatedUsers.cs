using System.Collections.Concurrent;
using System.Net.Http.Json;

namespace ReplyX.LoadGen;

/// <summary>
/// The simulated users: each request carries a stable user id (flag targeting hashes it), and a user
/// remembers the dialogs it has seen, as a real client does after its first list call.
/// </summary>
public sealed class SimulatedUsers(HttpClient http, DrillSwitch drill)
{
    public const string UserHeader = "X-User-Id";

    private readonly ConcurrentDictionary<long, long[]> _dialogs = new();

    public const string CohortHeader = "X-ReplyX-Cohort";

    public async Task<HttpResponseMessage> SendAsync(WorkloadAction action, long userId, Random random, CancellationToken cancellationToken, string? cohort = null)
    {
        var request = action switch
        {
            WorkloadAction.ListDialogs => new HttpRequestMessage(HttpMethod.Get, "/api/dialogs?limit=20"),
            WorkloadAction.PageMessages => await PageRequestAsync(userId, random, cancellationToken),
            WorkloadAction.PostMessage => new HttpRequestMessage(HttpMethod.Post, $"/api/dialogs/{await PickDialogAsync(userId, random, cancellationToken)}/messages")
            {
                Content = JsonContent.Create(new { content = $"Load generator message {random.Next()}", sender = "user" }),
            },
            WorkloadAction.SearchText => new HttpRequestMessage(HttpMethod.Get, $"/api/knowledge/search?q={SearchTerms[random.Next(SearchTerms.Length)]}&limit=10"),
            WorkloadAction.SearchSimilar => new HttpRequestMessage(HttpMethod.Post, "/api/knowledge/similar")
            {
                Content = JsonContent.Create(new { embedding = RandomEmbedding(random), limit = 10 }),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        request.Headers.Add(UserHeader, userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (cohort is not null)
        {
            request.Headers.Add(CohortHeader, cohort);
        }

        if (drill.Current is { Length: > 0 } current)
        {
            request.Headers.Add("X-ReplyX-Drill", current);
        }

        return await http.SendAsync(request, cancellationToken);
    }

    private static readonly string[] SearchTerms = ["refund", "password", "invoice", "webhook", "delivery", "subscription", "export"];

    private async Task<HttpRequestMessage> PageRequestAsync(long userId, Random random, CancellationToken cancellationToken)
    {
        var dialog = await PickDialogAsync(userId, random, cancellationToken);
        return new HttpRequestMessage(HttpMethod.Get, $"/api/dialogs/{dialog}/messages?limit=50");
    }

    private async Task<long> PickDialogAsync(long userId, Random random, CancellationToken cancellationToken)
    {
        if (!_dialogs.TryGetValue(userId, out var dialogs))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dialogs?limit=50");
            request.Headers.Add(UserHeader, userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var list = await response.Content.ReadFromJsonAsync<List<DialogRef>>(cancellationToken) ?? [];
            dialogs = [.. list.Select(d => d.Id)];
            _dialogs[userId] = dialogs;
        }

        // A user without dialogs asks for one that is not theirs: the workload answers 404, which is counted.
        return dialogs.Length == 0 ? 0 : dialogs[random.Next(dialogs.Length)];
    }

    private static float[] RandomEmbedding(Random random)
    {
        var vector = new float[64];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return vector;
    }

    private sealed record DialogRef(long Id);
}
