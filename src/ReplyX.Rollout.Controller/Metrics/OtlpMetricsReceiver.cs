using Google.Protobuf;
using ReplyX.Rollout.Controller.Metrics.Otlp;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Primitives.Flags;

namespace ReplyX.Rollout.Controller.Metrics;

/// <summary>
/// OTLP/HTTP protobuf on <c>/v1/metrics</c>: request durations (<c>http.server.request.duration</c>, attributed to a
/// flag and variant by the semantic-convention <c>feature_flag.key</c> and <c>feature_flag.result.variant</c>;
/// exponential or explicit-bucket histograms, delta or cumulative - converted per stream by
/// <see cref="CumulativeStreams"/>), Npgsql's pool waits and the host's CPU go into the <see cref="IMetricsSink"/>: the outbox to
/// the shared store, whichever replica receives them.
/// </summary>
internal static class OtlpMetricsReceiver
{
    public const string RequestDuration = "http.server.request.duration";

    /// <summary>The OpenTelemetry host-metrics gauge of CPU utilisation per core and mode (the database host's, for the risk monitor's DB CPU).</summary>
    public const string CpuUtilization = "system.cpu.utilization";

    public static void MapOtlpMetrics(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/metrics", Receive).AddEndpointFilter<Apis.IngestTokenFilter>().WithTags("Telemetry").WithName("OtlpMetrics").WithSummary("OTLP/HTTP protobuf metrics export");

    public static async Task<IResult> Receive(HttpRequest request, IMetricsSink store, CumulativeStreams streams, MetricSources sources, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!string.Equals(request.ContentType, "application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(title: "Unsupported content type", detail: "Send OTLP/HTTP protobuf (application/x-protobuf).", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        ExportMetricsServiceRequest export;
        try
        {
            export = ExportMetricsServiceRequest.Parser.ParseFrom(buffer.ToArray());
        }
        catch (InvalidProtocolBufferException exception)
        {
            return TypedResults.Problem(title: "Malformed OTLP payload", detail: exception.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        Ingest(export, store, streams, time.GetUtcNow(), sources);
        return Results.Bytes(new ExportMetricsServiceResponse().ToByteArray(), "application/x-protobuf");
    }

    /// <summary>
    /// Reads an export into the sink. Points that cannot be read are counted per source with the reason; an export
    /// whose every point was refused is not "metrics received" for the silence guardrail.
    /// </summary>
    public static void Ingest(ExportMetricsServiceRequest export, IMetricsSink store, CumulativeStreams streams, DateTimeOffset receivedAt, MetricSources? sources = null)
    {
        var (accepted, rejected) = (0L, 0L);
        foreach (var resource in export.ResourceMetrics)
        {
            var attributes = resource.Resource?.Attributes ?? [];
            var source = Identity(attributes);
            var tally = new Tally();
            foreach (var scope in resource.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics)
                {
                    Ingest(metric, $"{source}|{scope.Scope?.Name}|{metric.Name}", store, streams, receivedAt, tally);
                }
            }

            var name = SourceName(attributes);
            sources?.Accepted(name, tally.Accepted);
            foreach (var (reason, count) in tally.Rejected)
            {
                sources?.Rejected(name, reason, count);
            }

            (accepted, rejected) = (accepted + tally.Accepted, rejected + tally.Rejected.Values.Sum());
        }

        if (accepted > 0 || rejected == 0)
        {
            store.MarkReceived(receivedAt);
        }
    }

    private static void Ingest(Metric metric, string stream, IMetricsSink store, CumulativeStreams streams, DateTimeOffset receivedAt, Tally tally)
    {
        if (metric.Name == RequestDuration && metric.DataCase == Metric.DataOneofCase.ExponentialHistogram)
        {
            var cumulative = metric.ExponentialHistogram.AggregationTemporality == AggregationTemporality.Cumulative;
            foreach (var point in metric.ExponentialHistogram.DataPoints)
            {
                var histogram = new LatencyHistogram(point.Scale);
                histogram.AddBuckets(point.Scale, point.Positive?.Offset ?? 0, point.Positive?.BucketCounts ?? [], point.ZeroCount, point.HasSum ? point.Sum : 0);
                var delta = cumulative ? streams.Delta($"{stream}|{Identity(point.Attributes)}", point.StartTimeUnixNano, histogram) : histogram;
                AddLatency(store, point.Attributes, point.TimeUnixNano, receivedAt, delta, tally);
            }
        }
        else if (metric.Name == RequestDuration && metric.DataCase == Metric.DataOneofCase.Histogram && ExplicitBuckets.SecondsPer(metric.Unit) is null)
        {
            tally.Reject($"{RequestDuration} in unit '{metric.Unit}', not s, ms or us", metric.Histogram.DataPoints.Count);
        }
        else if (metric.Name == RequestDuration && metric.DataCase == Metric.DataOneofCase.Histogram && ExplicitBuckets.SecondsPer(metric.Unit) is { } toSeconds)
        {
            tally.Reject("explicit-bucket point whose counts do not match its bounds", metric.Histogram.DataPoints.Count(p => p.BucketCounts.Count != p.ExplicitBounds.Count + 1));
            var cumulative = metric.Histogram.AggregationTemporality == AggregationTemporality.Cumulative;
            foreach (var point in metric.Histogram.DataPoints.Where(p => p.BucketCounts.Count == p.ExplicitBounds.Count + 1))
            {
                var delta = cumulative
                    ? streams.Delta($"{stream}|{Identity(point.Attributes)}", point.StartTimeUnixNano, point.BucketCounts, point.HasSum ? point.Sum : 0)
                    : ([.. point.BucketCounts], point.HasSum ? point.Sum : 0);
                // A cumulative point's min and max are over the stream's life, not the delta: only a delta's bound the ends.
                var histogram = delta is { } counts
                    ? ExplicitBuckets.ToHistogram(point.ExplicitBounds, counts.Counts, counts.Sum, cumulative || !point.HasMin ? null : point.Min, cumulative || !point.HasMax ? null : point.Max, toSeconds)
                    : null;
                AddLatency(store, point.Attributes, point.TimeUnixNano, receivedAt, histogram, tally);
            }
        }
        else if (metric.Name == CpuUtilization && metric.DataCase == Metric.DataOneofCase.Gauge && metric.Gauge.DataPoints.Count > 0)
        {
            // Busy = 1 - the idle share averaged over cores; a gauge without modes is the utilisation itself.
            var points = metric.Gauge.DataPoints;
            var idle = points.Where(p => Mode(p.Attributes) == "idle").Select(Value).ToList();
            var busy = idle.Count > 0 ? 1 - idle.Average() : points.Select(Value).Average();
            store.AddCpu(At(points[0].TimeUnixNano, receivedAt), Math.Clamp(busy, 0, 1));
            tally.Accepted += points.Count;
        }
        else if (metric.Name.Contains("pending_requests", StringComparison.Ordinal))
        {
            var points = metric.DataCase switch
            {
                Metric.DataOneofCase.Sum => metric.Sum.DataPoints,
                Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints,
                _ => null,
            };
            foreach (var point in points ?? [])
            {
                store.AddPendingConnections(At(point.TimeUnixNano, receivedAt), point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble);
                tally.Accepted++;
            }
        }
    }

    private static void AddLatency(IMetricsSink store, IEnumerable<KeyValue> attributes, ulong timeUnixNano, DateTimeOffset receivedAt, LatencyHistogram? histogram, Tally tally)
    {
        if (histogram is null)
        {
            tally.Reject("first cumulative point of a stream (its reference; counted from the next export)");
            return;
        }

        tally.Accepted++;
        if (histogram.Count == 0)
        {
            return;
        }

        var key = new SeriesKey(Attribute(attributes, FeatureFlagAttributes.Key), Attribute(attributes, FeatureFlagAttributes.Variant), Attribute(attributes, "http.route"));
        var status = Attribute(attributes, "http.response.status_code");
        store.AddLatency(At(timeUnixNano, receivedAt), key, error: status.Length == 3 && status[0] == '5', histogram);
    }

    /// <summary>A source as people name it: <c>service.name</c>, with <c>service.instance.id</c> when there is one.</summary>
    private static string SourceName(IEnumerable<KeyValue> attributes)
    {
        var service = Attribute(attributes, "service.name");
        var instance = Attribute(attributes, "service.instance.id");
        return (service.Length > 0 ? service : "(no service.name)") + (instance.Length > 0 ? $" ({instance})" : "");
    }

    /// <summary>What one resource's points became.</summary>
    private sealed class Tally
    {
        public long Accepted { get; set; }

        public Dictionary<string, long> Rejected { get; } = new(StringComparer.Ordinal);

        public void Reject(string reason, long points = 1)
        {
            if (points > 0)
            {
                Rejected[reason] = Rejected.GetValueOrDefault(reason) + points;
            }
        }
    }

    /// <summary>A stable identity for a set of attributes (sorted key=value), for telling streams apart.</summary>
    private static string Identity(IEnumerable<KeyValue> attributes) =>
        string.Join(",", attributes.Select(a => $"{a.Key}={Attribute([a], a.Key)}").Order(StringComparer.Ordinal));

    private static string Mode(IEnumerable<KeyValue> attributes) =>
        Attribute(attributes, "cpu.mode") is { Length: > 0 } mode ? mode : Attribute(attributes, "system.cpu.state") is { Length: > 0 } state ? state : Attribute(attributes, "state");

    private static double Value(NumberDataPoint point) => point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;

    private static DateTimeOffset At(ulong unixNanos, DateTimeOffset fallback) =>
        unixNanos == 0 ? fallback : DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));

    private static string Attribute(IEnumerable<KeyValue> attributes, string key)
    {
        var value = attributes.FirstOrDefault(a => a.Key == key)?.Value;
        return value?.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => value.StringValue,
            AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "",
        };
    }
}
