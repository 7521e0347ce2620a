using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using ReplyX.Rollout.Controller.Leadership;
using ReplyX.Rollout.Controller.Metrics;
using ReplyX.Rollout.Controller.Metrics.Otlp;
using ReplyX.Rollout.Controller.Persistence;
using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Bench;

/// <summary>
/// What one controller replica's metric ingest sustains, through the product's own path: OTLP protobuf parsed,
/// <see cref="OtlpMetricsReceiver.Ingest"/> into the <see cref="MetricsOutbox"/>, flushed each second by
/// <see cref="MetricsPersister.FlushAsync"/> (binary COPY into rollout.metric_points), read back by
/// <see cref="MetricsMirror.PollAsync"/>. Each export carries <c>series</c> data points (flags x variants x routes x
/// status, as many service instances would send), 60-bucket exponential histograms; exports are sent as fast as the
/// path takes them for <c>seconds</c>. Prints points/s, rows and bytes written, and the table size per hour of
/// the same shape.
/// </summary>
internal static class IngestBench
{
    public static async Task RunAsync(string connectionString, int series, int seconds, TextWriter output)
    {
        var database = $"replyx_ingest_bench_{Environment.ProcessId}";
        await using (var admin = NpgsqlDataSource.Create(connectionString))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE {database}");
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = database };
            await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
            await ControllerSchema.MigrateAsync(dataSource, NullLogger<ReplyX.Rollout.Primitives.Migrations.SqlMigrator>.Instance, CancellationToken.None);
            await MeasureAsync(dataSource, builder.ConnectionString, series, seconds, output);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = NpgsqlDataSource.Create(connectionString);
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task MeasureAsync(NpgsqlDataSource dataSource, string connectionString, int series, int seconds, TextWriter output)
    {
        var time = TimeProvider.System;
        var options = Options.Create(new MetricsOptions());
        await using var leader = new LeaderElection(connectionString, new LeadershipOptions(), time, NullLogger<LeaderElection>.Instance);
        var outbox = new MetricsOutbox();
        var persister = new MetricsPersister(outbox, dataSource, leader, options, time, NullLogger<MetricsPersister>.Instance);
        var cache = new OtlpMetricsStore(time);
        var mirror = new MetricsMirror(cache, dataSource, options, time, NullLogger<MetricsMirror>.Instance);
        var streams = new CumulativeStreams(time);

        long points = 0, exports = 0;
        var clock = Stopwatch.StartNew();
        var nextFlush = TimeSpan.FromSeconds(1);
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var body = Export(series, time.GetUtcNow(), exports).ToByteArray();
            OtlpMetricsReceiver.Ingest(ExportMetricsServiceRequest.Parser.ParseFrom(body), outbox, streams, time.GetUtcNow());
            points += series;
            exports++;
            if (clock.Elapsed >= nextFlush)
            {
                await persister.FlushAsync(CancellationToken.None);
                nextFlush += TimeSpan.FromSeconds(1);
            }
        }

        await persister.FlushAsync(CancellationToken.None);
        var elapsed = clock.Elapsed;
        var read = Stopwatch.StartNew();
        await mirror.PollAsync(CancellationToken.None);
        read.Stop();

        await using var size = dataSource.CreateCommand("SELECT count(*), pg_total_relation_size('rollout.metric_points') FROM rollout.metric_points");
        await using var reader = await size.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (rows, bytes) = (reader.GetInt64(0), reader.GetInt64(1));
        var perHour = 3600.0 / Math.Max(1, seconds);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest: {exports} exports of {series} points in {elapsed.TotalSeconds:F1} s = {points / elapsed.TotalSeconds:N0} points/s through parse, ingest and flush"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"shared store: {rows:N0} rows, {bytes / 1024.0 / 1024.0:F1} MiB ({bytes / Math.Max(1, rows)} bytes/row incl. index); one flush per second of this shape = {rows * perHour:N0} rows, {bytes * perHour / 1024 / 1024:F0} MiB per hour"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mirror: {mirror.Applied:N0} rows read back into the cache in {read.Elapsed.TotalMilliseconds:F0} ms ({cache.AllTraffic(time.GetUtcNow().AddMinutes(-5), time.GetUtcNow().AddSeconds(5)).Count:N0} requests)"));
    }

    /// <summary>One export: <paramref name="series"/> delta points, each its own flag/variant/route/status, 60 buckets at scale 4.</summary>
    private static ExportMetricsServiceRequest Export(int series, DateTimeOffset at, long seed)
    {
        var histogram = new ExponentialHistogram { AggregationTemporality = AggregationTemporality.Delta };
        for (var i = 0; i < series; i++)
        {
            var point = new ExponentialHistogramDataPoint
            {
                Scale = 4,
                TimeUnixNano = (ulong)(at.ToUnixTimeMilliseconds() * 1_000_000),
                Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = LatencyHistogram.IndexOf(0.005, 4) },
                Sum = 1.5,
            };
            for (var b = 0; b < 60; b++)
            {
                point.Positive.BucketCounts.Add((ulong)((b + i + seed) % 3));
            }

            point.Count = point.Positive.BucketCounts.Aggregate(0UL, (s, c) => s + c);
            point.Attributes.Add(new KeyValue { Key = "feature_flag.key", Value = new AnyValue { StringValue = $"replyx.flag-{i % 4}" } });
            point.Attributes.Add(new KeyValue { Key = "feature_flag.result.variant", Value = new AnyValue { StringValue = i % 2 == 0 ? SeriesKey.Treatment : SeriesKey.Control } });
            point.Attributes.Add(new KeyValue { Key = "http.route", Value = new AnyValue { StringValue = $"/api/route-{i / 8}" } });
            point.Attributes.Add(new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = i % 16 == 15 ? 500 : 200 } });
            histogram.DataPoints.Add(point);
        }

        var scope = new ScopeMetrics();
        scope.Metrics.Add(new Metric { Name = OtlpMetricsReceiver.RequestDuration, Unit = "s", ExponentialHistogram = histogram });
        var resource = new ResourceMetrics();
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);
        return request;
    }
}
