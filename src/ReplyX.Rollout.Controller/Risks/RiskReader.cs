using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Core.Diagnostics;
using ReplyX.Rollout.Core.Gates;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Postgres;
using ReplyX.Rollout.Core.Risks;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Risks;

/// <summary>
/// Reads what each monitor rule watches: traffic (all requests' p95 and error rate over the monitor's window) from
/// the metrics source, and from the target database its connections, its statements against their baseline
/// (pg_stat_statements deltas) and, where the last completed vector phase left a search function, recall@k of the
/// golden queries; DB CPU from a host-metrics gauge or /proc. Whatever cannot be read is unknown, with the reason.
/// </summary>
public sealed class RiskReader(IMetricsSource metrics, RolloutTarget target, RolloutStore rollouts, TimeProvider time, IOptions<RiskMonitorOptions> options)
{
    private readonly ServerCpu _cpu = new();

    public async Task<RiskReading> ReadAsync(MonitorRule rule, RiskState? previous, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = options.Value.Interval < TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : options.Value.Interval;
        var span = Durations.Format(window);
        switch (rule.Reading)
        {
            case MonitorReading.P95:
            {
                var traffic = metrics.AllTraffic(now - window, now);
                return traffic.Histogram.Quantile(0.95) is { } p95
                    ? new RiskReading(p95, $"p95 {p95 * 1000:F0} ms over {traffic.Count} requests in the last {span}")
                    : RiskReading.Unknown($"no requests in the last {span}");
            }

            case MonitorReading.ErrorRate:
            {
                var traffic = metrics.AllTraffic(now - window, now);
                return traffic.Count == 0
                    ? RiskReading.Unknown($"no requests in the last {span}")
                    : new RiskReading(traffic.ErrorRate, $"{traffic.Errors} of {traffic.Count} requests failed in the last {span} ({traffic.ErrorRate:P2})");
            }

            case MonitorReading.DbCpu:
                return await CpuAsync(now - window, now, span, cancellationToken);
            case MonitorReading.Connections:
            {
                await using var connection = await OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT count(*)::int, current_setting('max_connections')::int FROM pg_stat_activity", connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                var (used, max) = (reader.GetInt32(0), reader.GetInt32(1));
                return new RiskReading(used / (double)max, $"{used} of max_connections {max} in use");
            }

            case MonitorReading.SlowQueries:
                return await SlowQueriesAsync(rule, previous, now, cancellationToken);
            default:
                return await RecallAsync(rule, previous, now, cancellationToken);
        }
    }

    private async Task<RiskReading> CpuAsync(DateTimeOffset from, DateTimeOffset now, string span, CancellationToken cancellationToken)
    {
        var source = options.Value.CpuSource;
        if (source is "auto" or "gauge" && metrics.CpuUtilization(from, now) is { } gauge)
        {
            return new RiskReading(gauge, $"DB host CPU {gauge:P0} (system.cpu.utilization, mean of the last {span})");
        }

        if (source is "auto" or "proc")
        {
            await using var connection = await OpenAsync(cancellationToken);
            var (utilisation, unknown) = await _cpu.SampleAsync(connection, time, cancellationToken);
            return utilisation is { } cpu ? new RiskReading(cpu, $"database server processes used {cpu:P0} of this host's {Environment.ProcessorCount} cores (/proc)") : RiskReading.Unknown(unknown!);
        }

        return RiskReading.Unknown(source == "none" ? "no DB CPU source is configured (Rollout:Monitor:CpuSource none)" : $"no system.cpu.utilization gauge arrived in the last {span}");
    }

    private async Task<RiskReading> SlowQueriesAsync(MonitorRule rule, RiskState? previous, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var memory = previous is null ? null : JsonSerializer.Deserialize<SlowQueryMemory>(previous.MemoryJson, RolloutStore.Json);
        await using var connection = await OpenAsync(cancellationToken);
        var (counters, unavailable) = await StatementStatistics.ReadAsync(connection, cancellationToken);
        if (counters is null)
        {
            return RiskReading.Unknown(unavailable!);
        }

        var current = counters.ToDictionary();
        // A baseline is taken at monitor start and again before each phase: the newest run started since the last one.
        var newest = (await rollouts.ListAsync(activeOnly: false, limit: 1, cancellationToken)).FirstOrDefault();
        var rebaseline = newest is not null && newest.Id != memory?.BaselineRun && newest.CreatedAt > (memory?.BaselineAt ?? DateTimeOffset.MinValue);
        if (memory?.Cursor is null)
        {
            return RiskReading.Unknown("first read of pg_stat_statements; the baseline is the next window",
                Json(new SlowQueryMemory(null, current, null, newest?.Id)));
        }

        var window = SlowQueries.Between(memory.Cursor, current).ToDictionary();
        if (memory.Baseline is null || rebaseline)
        {
            return RiskReading.Unknown($"baseline taken over the last window ({window.Count} statements){(rebaseline ? $" before run {newest!.Id} of {newest.PhaseId}" : "")}",
                Json(new SlowQueryMemory(window, current, now, newest?.Id ?? memory.BaselineRun)));
        }

        var slow = SlowQueries.Find(memory.Baseline, window, rule.Factor, rule.MinCalls);
        var detail = slow.Count == 0
            ? $"no statement slower than {rule.Factor.ToString(CultureInfo.InvariantCulture)}x its baseline mean ({window.Count(w => w.Value.Calls >= rule.MinCalls)} with at least {rule.MinCalls} calls)"
            : $"{slow.Count} statement(s) slower than {rule.Factor.ToString(CultureInfo.InvariantCulture)}x their baseline mean: " + string.Join("; ", slow.Take(5).Select(s => $"{s.Query} {s.BaselineMean:F1} -> {s.WindowMean:F1} ms over {s.Calls} calls"));
        return new RiskReading(slow.Count, detail, Json(memory with { Cursor = current }));
    }

    private async Task<RiskReading> RecallAsync(MonitorRule rule, RiskState? previous, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rule.Every is { } every && previous?.LastValue is { } last && now - previous.LastAt < every)
        {
            return new RiskReading(last, previous.LastDetail, previous.MemoryJson);
        }

        var gate = await LastRecallGateAsync(cancellationToken);
        if (gate is null)
        {
            return RiskReading.Unknown("no completed phase gates vector recall");
        }

        var settings = new GateSettings(gate.Value.Gate);
        var recall = VectorRecallOptions.Read(settings);
        await using (var connection = await OpenAsync(cancellationToken))
        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = $1)", connection))
        {
            exists.Parameters.AddWithValue(recall.Search.Split('.')[^1]);
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return RiskReading.Unknown($"the search function {recall.Search} of phase {gate.Value.Phase} does not exist");
            }
        }

        var result = await new VectorRecallGate(target.ConnectionString, time).RunAsync(recall, cancellationToken);
        var value = Convert.ToDouble(result.Readings["recall"], CultureInfo.InvariantCulture);
        return new RiskReading(value, $"recall@{recall.K} {value:P1} over {result.Readings["queries"]} golden queries through {recall.Search} (phase {gate.Value.Phase})");
    }

    private async Task<(GateSpec Gate, string Phase)?> LastRecallGateAsync(CancellationToken cancellationToken)
    {
        foreach (var run in await rollouts.ListAsync(activeOnly: false, limit: 100, cancellationToken))
        {
            if (run.State == RolloutState.Completed
                && PhaseParser.Parse(run.PhaseId + ".yaml", run.PhaseYaml, new DiagnosticBag())?.Gates.FirstOrDefault(g => g.Type == GateCatalog.VectorRecall) is { } gate)
            {
                return (gate, run.PhaseId);
            }
        }

        return null;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target.ConnectionString) { ApplicationName = "replyx-rollout-monitor" }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static string Json(SlowQueryMemory memory) => JsonSerializer.Serialize(memory, RolloutStore.Json);
}
