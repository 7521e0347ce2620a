using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ReplyX.Rollout.Primitives.Credentials;

namespace ReplyX.Rollout.Cli.Api;

/// <summary>
/// The controller's HTTP API for the CLI. Address and API key from the options, the environment, or the credentials
/// <c>replyx-rollout login</c> (or the AppHost) saved; see <see cref="Create"/>.
/// </summary>
public sealed class ControllerClient(HttpClient http)
{
    public const string UrlVariable = "REPLYX_ROLLOUT_URL";
    public const string KeyVariable = "REPLYX_ROLLOUT_API_KEY";
    public const string DefaultUrl = "http://localhost:5181";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Address: <c>--controller</c>, <c>REPLYX_ROLLOUT_URL</c>, the saved credentials, else <see cref="DefaultUrl"/>.
    /// Key: <c>--api-key</c>, <c>REPLYX_ROLLOUT_API_KEY</c>, else the saved credentials when they are for that address.
    /// </summary>
    public static ControllerClient Create(string? url, string? apiKey, string? credentialsPath = null)
    {
        var saved = ControllerCredentials.Read(credentialsPath ?? ControllerCredentials.DefaultPath);
        var address = new Uri(url ?? Environment.GetEnvironmentVariable(UrlVariable) ?? saved?.Controller ?? DefaultUrl);
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(30) };
        var key = apiKey ?? Environment.GetEnvironmentVariable(KeyVariable) ?? (saved?.IsFor(address) == true ? saved.ApiKey : null);
        if (!string.IsNullOrEmpty(key))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return new ControllerClient(http);
    }

    public Task<RolloutDto> StartAsync(string phase, string? bake, string? metricsSilence, string? capacityDuration, double? capacityRate, CancellationToken cancellationToken, string? advanceOn = null) =>
        SendAsync<RolloutDto>(HttpMethod.Post, "/api/rollouts", new { phase, bake, metricsSilence, capacityDuration, capacityRate, advanceOn }, cancellationToken);

    public Task<RolloutDto> GetAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync<RolloutDto>(HttpMethod.Get, $"/api/rollouts/{id}", null, cancellationToken);

    public Task<List<RolloutDto>> ListAsync(bool activeOnly, int limit, CancellationToken cancellationToken) =>
        SendAsync<List<RolloutDto>>(HttpMethod.Get, $"/api/rollouts?active={activeOnly.ToString().ToLowerInvariant()}&limit={limit}", null, cancellationToken);

    public Task<RolloutDto> ActAsync(Guid id, string action, object? body, CancellationToken cancellationToken) =>
        SendAsync<RolloutDto>(HttpMethod.Post, $"/api/rollouts/{id}/{action}", body, cancellationToken);

    public Task<JsonElement> GetJsonAsync(string path, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Get, path, null, cancellationToken);

    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode ? text : throw new ControllerApiException($"{(int)response.StatusCode} {response.ReasonPhrase}: {text}", (int)response.StatusCode);
        }
        catch (HttpRequestException exception)
        {
            throw new ControllerApiException($"cannot reach the controller at {http.BaseAddress}: {exception.Message} (set --controller or {UrlVariable})", null);
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new ControllerApiException($"cannot reach the controller at {http.BaseAddress}: {exception.Message} (set --controller or {UrlVariable})", null);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                var detail = text;
                try
                {
                    using var problem = JsonDocument.Parse(text);
                    var root = problem.RootElement;
                    detail = root.TryGetProperty("detail", out var d) && d.GetString() is { } s ? s
                        : root.TryGetProperty("errors", out var errors) ? errors.ToString()
                        : root.TryGetProperty("title", out var t) ? t.GetString() ?? text : text;
                }
                catch (JsonException)
                {
                    // Not a problem document: show the body as it is.
                }

                throw new ControllerApiException($"{(int)response.StatusCode} {response.ReasonPhrase}: {detail}", (int)response.StatusCode);
            }

            return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
        }
    }
}
