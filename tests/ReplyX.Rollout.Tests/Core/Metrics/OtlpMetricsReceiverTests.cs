using ReplyX.Rollout.Controller.Metrics;
using ReplyX.Rollout.Controller.Metrics.Otlp;
using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Tests.Core.Metrics;

public sealed class OtlpMetricsReceiverTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Delta_exponential_histograms_land_in_their_semantic_convention_flag_variant_and_error_series()
    {
        var store = new OtlpMetricsStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        var index = LatencyHistogram.IndexOf(0.2, 4);
        OtlpMetricsReceiver.Ingest(Request(Point("treatment", "200", index, 9), Point("treatment", "503", index, 1), Point("control", "200", index - 16, 90)), store, Streams(), Now);

        var treatment = store.Window("replyx.f", SeriesKey.Treatment, Now.AddSeconds(-5), Now.AddSeconds(5));
        var control = store.Window("replyx.f", SeriesKey.Control, Now.AddSeconds(-5), Now.AddSeconds(5));

        Assert.Equal((10L, 1L), (treatment.Count, treatment.Errors));
        Assert.Equal(90L, control.Count);
        Assert.InRange(treatment.Histogram.Quantile(0.95)!.Value, 0.19, 0.21);
        Assert.InRange(control.Histogram.Quantile(0.95)!.Value, 0.095, 0.105);
        Assert.Equal(Now, store.LastReceivedAt);
        Assert.Equal(0, store.Window("replyx.f", SeriesKey.Treatment, Now.AddSeconds(5), Now.AddSeconds(10)).Count);
    }

    [Fact]
    public void Cumulative_points_become_deltas_per_stream_the_first_one_only_setting_the_reference()
    {
        var store = new OtlpMetricsStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        var streams = Streams();
        var index = LatencyHistogram.IndexOf(0.2, 4);
        foreach (var (total, second) in new[] { (5UL, 0), (12UL, 1), (20UL, 2) })
        {
            var request = Request(Point("treatment", "200", index, total, Now.AddSeconds(second)));
            request.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].ExponentialHistogram.AggregationTemporality = AggregationTemporality.Cumulative;
            OtlpMetricsReceiver.Ingest(request, store, streams, Now.AddSeconds(second));
        }

        Assert.Equal(0, store.AllTraffic(Now, Now.AddSeconds(1)).Count);
        Assert.Equal(7, store.AllTraffic(Now.AddSeconds(1), Now.AddSeconds(2)).Count);
        Assert.Equal(8, store.AllTraffic(Now.AddSeconds(2), Now.AddSeconds(3)).Count);
        Assert.Equal(1, streams.ReferencePoints);
    }

    [Fact]
    public void Explicit_bucket_histograms_in_milliseconds_are_read_with_their_flag_and_variant()
    {
        var store = new OtlpMetricsStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        double[] bounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000];
        var point = new HistogramDataPoint { TimeUnixNano = (ulong)(Now.ToUnixTimeMilliseconds() * 1_000_000), Count = 100, Sum = 100 * 180, Min = 120, Max = 240 };
        point.ExplicitBounds.AddRange(bounds);
        // 100 requests between 120 and 240 ms: all in the (100, 250] bucket.
        point.BucketCounts.AddRange(bounds.Select((_, i) => i == 7 ? 100UL : 0UL).Append(0UL));
        point.Attributes.Add(new KeyValue { Key = "feature_flag.key", Value = new AnyValue { StringValue = "replyx.f" } });
        point.Attributes.Add(new KeyValue { Key = "feature_flag.result.variant", Value = new AnyValue { StringValue = "treatment" } });
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Delta };
        histogram.DataPoints.Add(point);
        var scope = new ScopeMetrics();
        scope.Metrics.Add(new Metric { Name = OtlpMetricsReceiver.RequestDuration, Unit = "ms", Histogram = histogram });
        var resource = new ResourceMetrics();
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);

        OtlpMetricsReceiver.Ingest(request, store, Streams(), Now);

        var window = store.Window("replyx.f", SeriesKey.Treatment, Now.AddSeconds(-5), Now.AddSeconds(5));
        Assert.Equal(100, window.Count);
        // Spread log-uniformly between the point's min and max: p95 near the top, p50 near the geometric middle.
        Assert.InRange(window.Histogram.Quantile(0.95)!.Value, 0.215, 0.245);
        Assert.InRange(window.Histogram.Quantile(0.5)!.Value, 0.155, 0.185);
        Assert.Equal(18, window.Histogram.Sum, 6);
    }

    [Fact]
    public void An_export_whose_every_point_is_refused_is_not_metrics_received_and_says_why()
    {
        var store = new OtlpMetricsStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        var sources = new MetricSources(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Delta };
        histogram.DataPoints.Add(new HistogramDataPoint { Count = 3, BucketCounts = { 3UL }, TimeUnixNano = (ulong)(Now.ToUnixTimeMilliseconds() * 1_000_000) });
        var scope = new ScopeMetrics();
        scope.Metrics.Add(new Metric { Name = OtlpMetricsReceiver.RequestDuration, Unit = "By", Histogram = histogram });
        var resource = new ResourceMetrics { Resource = new Resource() };
        resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "py-search" } });
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);

        OtlpMetricsReceiver.Ingest(request, store, Streams(), Now, sources);

        Assert.Null(store.LastReceivedAt);
        var source = Assert.Single(sources.Snapshot());
        Assert.Equal(("py-search", 0L, 1L), (source.Source, source.Accepted, source.Rejected));
        Assert.Equal("http.server.request.duration in unit 'By', not s, ms or us", Assert.Single(source.Reasons).Key);
    }

    [Fact]
    public void Several_resources_in_one_request_are_each_read_and_named()
    {
        var store = new OtlpMetricsStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        var sources = new MetricSources(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        var index = LatencyHistogram.IndexOf(0.1, 4);
        var request = Request(Point("treatment", "200", index, 4));
        var second = Request(Point("control", "200", index, 6)).ResourceMetrics[0];
        request.ResourceMetrics.Add(second);
        foreach (var (resource, name) in request.ResourceMetrics.Zip(["collector-a", "collector-b"]))
        {
            resource.Resource = new Resource();
            resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = name } });
        }

        OtlpMetricsReceiver.Ingest(request, store, Streams(), Now, sources);

        Assert.Equal((4L, 6L), (store.Window("replyx.f", SeriesKey.Treatment, Now.AddSeconds(-5), Now.AddSeconds(5)).Count, store.Window("replyx.f", SeriesKey.Control, Now.AddSeconds(-5), Now.AddSeconds(5)).Count));
        Assert.Equal(["collector-a", "collector-b"], sources.Snapshot().Select(s => s.Source));
    }

    [Fact]
    public void A_host_metrics_cpu_gauge_becomes_the_db_cpu_reading_busy_being_one_minus_idle()
    {
        var store = new OtlpMetricsStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        var gauge = new Gauge();
        foreach (var (cpu, mode, value) in new[] { ("0", "idle", 0.10), ("0", "user", 0.85), ("1", "idle", 0.30), ("1", "user", 0.65) })
        {
            var point = new NumberDataPoint { AsDouble = value, TimeUnixNano = (ulong)(Now.ToUnixTimeMilliseconds() * 1_000_000) };
            point.Attributes.Add(new KeyValue { Key = "cpu.logical_number", Value = new AnyValue { StringValue = cpu } });
            point.Attributes.Add(new KeyValue { Key = "cpu.mode", Value = new AnyValue { StringValue = mode } });
            gauge.DataPoints.Add(point);
        }

        var scope = new ScopeMetrics();
        scope.Metrics.Add(new Metric { Name = "system.cpu.utilization", Gauge = gauge });
        var resource = new ResourceMetrics();
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);

        OtlpMetricsReceiver.Ingest(request, store, Streams(), Now);

        Assert.Equal(0.8, store.CpuUtilization(Now.AddSeconds(-5), Now.AddSeconds(5))!.Value, 6);
        Assert.Null(store.CpuUtilization(Now.AddSeconds(10), Now.AddSeconds(20)));
    }

    [Fact]
    public void Npgsql_pending_requests_become_the_pool_reading()
    {
        var store = new OtlpMetricsStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative };
        foreach (var pending in new long[] { 3, 7 })
        {
            sum.DataPoints.Add(new NumberDataPoint { AsInt = pending, TimeUnixNano = (ulong)(Now.ToUnixTimeMilliseconds() * 1_000_000) });
        }

        var scope = new ScopeMetrics();
        scope.Metrics.Add(new Metric { Name = "db.client.connection.npgsql.pending_requests", Sum = sum });
        var resource = new ResourceMetrics();
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);

        OtlpMetricsReceiver.Ingest(request, store, Streams(), Now);

        Assert.Equal(7, store.MaxPendingConnections(Now.AddSeconds(-5), Now.AddSeconds(5)));
        Assert.Equal(1, store.LongestPendingAbove(5, Now.AddSeconds(-5), Now.AddSeconds(5)));
        Assert.Null(store.MaxPendingConnections(Now.AddSeconds(5), Now.AddSeconds(10)));
    }

    private static ExportMetricsServiceRequest Request(params ExponentialHistogramDataPoint[] points)
    {
        var histogram = new ExponentialHistogram { AggregationTemporality = AggregationTemporality.Delta };
        histogram.DataPoints.AddRange(points);
        var scope = new ScopeMetrics();
        scope.Metrics.Add(new Metric { Name = OtlpMetricsReceiver.RequestDuration, Unit = "s", ExponentialHistogram = histogram });
        var resource = new ResourceMetrics();
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);
        return request;
    }

    private static CumulativeStreams Streams() => new(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));

    private static ExponentialHistogramDataPoint Point(string variant, string status, int index, ulong count, DateTimeOffset? at = null)
    {
        var point = new ExponentialHistogramDataPoint
        {
            Scale = 4,
            Count = count,
            StartTimeUnixNano = (ulong)(Now.AddMinutes(-1).ToUnixTimeMilliseconds() * 1_000_000),
            TimeUnixNano = (ulong)((at ?? Now).ToUnixTimeMilliseconds() * 1_000_000),
            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = index },
        };
        point.Positive.BucketCounts.Add(count);
        point.Attributes.Add(new KeyValue { Key = "feature_flag.key", Value = new AnyValue { StringValue = "replyx.f" } });
        point.Attributes.Add(new KeyValue { Key = "feature_flag.result.variant", Value = new AnyValue { StringValue = variant } });
        point.Attributes.Add(new KeyValue { Key = "http.route", Value = new AnyValue { StringValue = "/api/dialogs/{dialogId:long}/messages" } });
        point.Attributes.Add(new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = int.Parse(status, System.Globalization.CultureInfo.InvariantCulture) } });
        return point;
    }
}
