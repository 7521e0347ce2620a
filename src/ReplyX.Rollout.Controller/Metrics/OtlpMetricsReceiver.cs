using Google.Protobuf;
using ReplyX.Rollout.Controller.Metrics.Otlp;
using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Controller.Metrics;

/// <summary>
/// OTLP/HTTP protobuf on <c>/v1/metrics</c>: the workload's request durations (exponential histograms tagged with
/// the flag and variant) and Npgsql's pool waits go into the <see cref="OtlpMetricsStore"/>.
/// </summary>
internal static class OtlpMetricsReceiver
{
    public const string RequestDuration = "http.server.request.duration";

    /// <summary>The OpenTelemetry host-metrics gauge of CPU utilisation per core and mode (the database host's, for the risk monitor's DB CPU).</summary>
    public const string CpuUtilization = "system.cpu.utilization";

    public static void MapOtlpMetrics(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/metrics", Receive).WithTags("Telemetry").WithName("OtlpMetrics").WithSummary("OTLP/HTTP protobuf metrics export");

    public static async Task<IResult> Receive(HttpRequest request, OtlpMetricsStore store, TimeProvider time, CancellationToken cancellationToken)
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

        Ingest(export, store, time.GetUtcNow());
        return Results.Bytes(new ExportMetricsServiceResponse().ToByteArray(), "application/x-protobuf");
    }

    public static void Ingest(ExportMetricsServiceRequest export, OtlpMetricsStore store, DateTimeOffset receivedAt)
    {
        foreach (var metric in export.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics))
        {
            if (metric.Name == RequestDuration && metric.DataCase == Metric.DataOneofCase.ExponentialHistogram)
            {
                var histogram = metric.ExponentialHistogram;
                if (histogram.AggregationTemporality == AggregationTemporality.Cumulative)
                {
                    store.RejectCumulative(histogram.DataPoints.Count);
                    continue;
                }

                foreach (var point in histogram.DataPoints.Where(p => p.Count > 0))
                {
                    var key = new SeriesKey(Attribute(point.Attributes, "replyx.flag"), Attribute(point.Attributes, "replyx.variant"), Attribute(point.Attributes, "http.route"));
                    var status = Attribute(point.Attributes, "http.response.status_code");
                    var error = status.Length == 3 && status[0] == '5';
                    store.AddLatency(At(point.TimeUnixNano, receivedAt), key, error, point.Scale, point.Positive?.Offset ?? 0,
                        point.Positive?.BucketCounts ?? [], point.ZeroCount, point.HasSum ? point.Sum : 0);
                }
            }
            else if (metric.Name == CpuUtilization && metric.DataCase == Metric.DataOneofCase.Gauge && metric.Gauge.DataPoints.Count > 0)
            {
                // Busy = 1 - the idle share averaged over cores; a gauge without modes is the utilisation itself.
                var points = metric.Gauge.DataPoints;
                var idle = points.Where(p => Mode(p.Attributes) == "idle").Select(Value).ToList();
                var busy = idle.Count > 0 ? 1 - idle.Average() : points.Select(Value).Average();
                store.AddCpu(At(points[0].TimeUnixNano, receivedAt), Math.Clamp(busy, 0, 1));
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
                }
            }
        }

        store.MarkReceived();
    }

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
