using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ReplyX.Api.Flags;

/// <summary>
/// Keeps the flag definitions in step with the controller: a conditional GET (ETag) every
/// <see cref="FlagsOptions.PollInterval"/>, so a changed percentage arrives well within 2 s and an unchanged one
/// costs a 304. When the controller is unreachable the last definitions stay in force.
/// </summary>
public sealed partial class FlagsPoller(HttpClient http, ControllerFeatureDefinitionProvider provider, FlagsOptions options, TimeProvider time, ILogger<FlagsPoller> logger) : BackgroundService
{
    private EntityTagHeaderValue? _etag;
    private bool _unreachable;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await PollOnceAsync(stoppingToken);
            await Task.Delay(options.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/flags");
            if (_etag is not null)
            {
                request.Headers.IfNoneMatch.Add(_etag);
            }

            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return;
            }

            response.EnsureSuccessStatusCode();
            var flags = await response.Content.ReadFromJsonAsync<List<FlagState>>(cancellationToken) ?? [];
            provider.Update(flags, time.GetUtcNow());
            _etag = response.Headers.ETag;
            if (_unreachable)
            {
                LogReachable(logger);
                _unreachable = false;
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (!_unreachable)
            {
                LogUnreachable(logger, exception.Message, provider.Percentages.Count);
                _unreachable = true;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Controller unreachable for flags ({Reason}); keeping the last {Count} definition(s)")]
    private static partial void LogUnreachable(ILogger logger, string reason, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller reachable again for flags")]
    private static partial void LogReachable(ILogger logger);
}
