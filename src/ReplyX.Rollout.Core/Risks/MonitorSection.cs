using ReplyX.Rollout.Core.Diagnostics;
using ReplyX.Rollout.Core.Phases;
using YamlDotNet.RepresentationModel;

namespace ReplyX.Rollout.Core.Risks;

/// <summary>Reads <c>monitor.rules</c>: each rule's reading, one threshold (above or below, in the reading's unit), its risk and action.</summary>
internal static class MonitorSection
{
    public static MonitorSpec Read(YamlNodeReader reader, YamlNode node, IReadOnlyList<Risk> risks)
    {
        var keys = reader.Mapping(node, "monitor", "rules");
        var rules = new List<MonitorRule>();
        foreach (var item in reader.Sequence(keys?.GetValueOrDefault("rules"), "monitor.rules") ?? [])
        {
            var r = reader.Mapping(item, "a monitor rule", "id", "risk", "reading", "above", "below", "action", "factor", "minCalls", "every");
            if (r is null)
            {
                continue;
            }

            var id = reader.String(reader.Required(r, item, "id", "a monitor rule"), "id") ?? "";
            var context = $"monitor rule '{id}'";
            var risk = reader.String(reader.Required(r, item, "risk", context), "risk") ?? "";
            if (risk.Length > 0 && risks.All(x => x.Id != risk))
            {
                reader.Error(DiagnosticCodes.UnknownRisk, r["risk"], $"{context} names unknown risk '{risk}'.");
            }

            var readingText = reader.String(reader.Required(r, item, "reading", context), "reading");
            MonitorReading? reading = Enum.TryParse<MonitorReading>(readingText, ignoreCase: true, out var parsed) && !int.TryParse(readingText, out _) ? parsed : null;
            if (readingText is not null && reading is null)
            {
                reader.Error(DiagnosticCodes.RiskRegister, r["reading"], $"{context}: unknown reading '{readingText}'; expected one of {string.Join(", ", Enum.GetNames<MonitorReading>().Select(Camel))}.");
            }

            var above = Threshold(reader, r.GetValueOrDefault("above"), reading, context);
            var below = Threshold(reader, r.GetValueOrDefault("below"), reading, context);
            if (above is null == below is null && reading is not null)
            {
                reader.Error(DiagnosticCodes.RiskRegister, item, $"{context} needs exactly one threshold: 'above' or 'below'.");
            }

            var actionText = reader.String(r.GetValueOrDefault("action"), "action") ?? "alert";
            if (!Enum.TryParse<RiskAction>(actionText, ignoreCase: true, out var action) || int.TryParse(actionText, out _))
            {
                reader.Error(DiagnosticCodes.RiskRegister, r["action"], $"{context}: action must be alert, pause or rollback, got '{actionText}'.");
            }

            if (reading is { } known && (above ?? below) is not null)
            {
                rules.Add(new MonitorRule(id, risk, known, above, below, action)
                {
                    Factor = reader.Number(r.GetValueOrDefault("factor"), $"factor of {context}", 1, 100) ?? 1.5,
                    MinCalls = reader.Integer(r.GetValueOrDefault("minCalls"), $"minCalls of {context}", 1, 1_000_000) ?? 20,
                    Every = reader.Duration(r.GetValueOrDefault("every"), $"every of {context}", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
                });
            }
        }

        return new MonitorSpec(rules);
    }

    /// <summary>A threshold in its reading's unit: a duration for p95, a percentage for rates and utilisation, a count of queries.</summary>
    private static double? Threshold(YamlNodeReader reader, YamlNode? node, MonitorReading? reading, string context) =>
        node is null || reading is null ? null
        : reading == MonitorReading.P95 ? reader.Duration(node, $"threshold of {context}", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10))?.TotalSeconds
        : reading == MonitorReading.SlowQueries ? reader.Integer(node, $"threshold of {context}", 0, 100_000)
        : reader.Percentage(node, $"threshold of {context}", 0, 1);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
