using ReplyX.Rollout.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>Reads <c>guardrails</c>; what is left out keeps the guardrail records' defaults.</summary>
internal static class GuardrailSection
{
    private static readonly GuardrailSpec Default = new();
    private static readonly LatencyGuardrail Latency = new();
    private static readonly ErrorRateGuardrail Errors = new();
    private static readonly PoolGuardrail Pool = new();

    internal static GuardrailSpec Read(YamlNodeReader reader, YamlNode node)
    {
        var keys = reader.Mapping(node, "guardrails", "traffic", "latencyP95", "errorRate", "maxP95", "pool", "metricsSilence");
        if (keys is null)
        {
            return new GuardrailSpec();
        }

        var spec = new GuardrailSpec();
        if (keys.TryGetValue("latencyP95", out var latencyNode) && reader.Mapping(latencyNode, "guardrails.latencyP95", "maxRegression", "minSamples", "minDelta", "risk") is { } latency)
        {
            spec = spec with
            {
                LatencyP95 = new LatencyGuardrail(
                    reader.Percentage(latency.GetValueOrDefault("maxRegression"), "guardrails.latencyP95.maxRegression", 0.01, 1.0) ?? Latency.MaxRegression,
                    reader.Integer(latency.GetValueOrDefault("minSamples"), "guardrails.latencyP95.minSamples", 20, 1_000_000) ?? Latency.MinSamples,
                    reader.String(latency.GetValueOrDefault("risk"), "risk") ?? Latency.Risk,
                    reader.Duration(latency.GetValueOrDefault("minDelta"), "guardrails.latencyP95.minDelta", TimeSpan.Zero, TimeSpan.FromSeconds(10)) ?? Latency.MinDelta),
            };
        }

        if (keys.TryGetValue("errorRate", out var errorNode) && reader.Mapping(errorNode, "guardrails.errorRate", "max", "risk") is { } errors)
        {
            spec = spec with
            {
                ErrorRate = new ErrorRateGuardrail(
                    reader.Percentage(errors.GetValueOrDefault("max"), "guardrails.errorRate.max", 0.0001, 0.5) ?? Errors.Max,
                    reader.String(errors.GetValueOrDefault("risk"), "risk") ?? Errors.Risk),
            };
        }

        if (keys.TryGetValue("pool", out var poolNode) && reader.Mapping(poolNode, "guardrails.pool", "maxPendingRequests", "risk") is { } pool)
        {
            spec = spec with
            {
                Pool = new PoolGuardrail(
                    reader.Integer(pool.GetValueOrDefault("maxPendingRequests"), "guardrails.pool.maxPendingRequests", 0, 10_000) ?? Pool.MaxPendingRequests,
                    reader.String(pool.GetValueOrDefault("risk"), "risk") ?? Pool.Risk),
            };
        }

        var traffic = reader.String(keys.GetValueOrDefault("traffic"), "guardrails.traffic") ?? "flag";
        if (traffic is not ("flag" or "all"))
        {
            reader.Error(DiagnosticCodes.BadValue, keys["traffic"], $"guardrails.traffic must be 'flag' (the flag's treatment against its control) or 'all' (every request against the baseline); got '{traffic}'.");
        }

        return spec with
        {
            AllTraffic = traffic == "all",
            MaxP95 = reader.Duration(keys.GetValueOrDefault("maxP95"), "guardrails.maxP95", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1)),
            MetricsSilence = reader.Duration(keys.GetValueOrDefault("metricsSilence"), "guardrails.metricsSilence", TimeSpan.FromSeconds(5), TimeSpan.FromHours(1)) ?? Default.MetricsSilence,
        };
    }
}
