using System.Text.RegularExpressions;
using ReplyX.Rollout.Core.Diagnostics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Risks;

/// <summary>Reads <c>risks.yaml</c>, reporting problems like any phase file.</summary>
public static partial class RiskRegisterParser
{
    [GeneratedRegex(@"^R\d{3}$")]
    private static partial Regex RiskId();

    public static RiskRegister? Parse(string file, string text, DiagnosticBag diagnostics)
    {
        var root = PhaseParser.LoadRoot(file, text, diagnostics);
        if (root is null)
        {
            return null;
        }

        var reader = new YamlNodeReader(file, diagnostics);
        var keys = reader.Mapping(root, "the risk register", "version", "source", "risks", "escalation", "monitor");
        if (keys is null)
        {
            return null;
        }

        var risks = new List<Risk>();
        foreach (var item in reader.Sequence(reader.Required(keys, root, "risks", "the risk register"), "risks") ?? [])
        {
            var r = reader.Mapping(item, "a risk", "id", "name", "category", "probability", "impact", "level", "priority", "earlyWarning", "detection", "mitigation");
            if (r is null)
            {
                continue;
            }

            var id = reader.String(reader.Required(r, item, "id", "a risk"), "risk id") ?? "";
            if (!RiskId().IsMatch(id))
            {
                reader.Error(DiagnosticCodes.RiskRegister, item, $"risk id '{id}' must look like R001.");
                continue;
            }

            if (risks.Any(x => x.Id == id))
            {
                reader.Error(DiagnosticCodes.RiskRegister, item, $"risk id '{id}' appears twice.");
                continue;
            }

            var level = ReadLevel(reader, reader.Required(r, item, "level", $"risk {id}"));
            risks.Add(new Risk(
                id,
                reader.String(reader.Required(r, item, "name", $"risk {id}"), "name") ?? "",
                reader.String(r.GetValueOrDefault("category"), "category") ?? "",
                reader.String(r.GetValueOrDefault("probability"), "probability") ?? "",
                reader.String(r.GetValueOrDefault("impact"), "impact") ?? "",
                level ?? RiskLevel.Medium,
                reader.String(r.GetValueOrDefault("priority"), "priority") ?? "",
                reader.Strings(r.GetValueOrDefault("earlyWarning"), "earlyWarning"),
                reader.Strings(r.GetValueOrDefault("detection"), "detection"),
                reader.Strings(r.GetValueOrDefault("mitigation"), "mitigation")));
        }

        var escalation = new List<EscalationRule>();
        foreach (var item in reader.Sequence(reader.Required(keys, root, "escalation", "the risk register"), "escalation") ?? [])
        {
            var e = reader.Mapping(item, "an escalation rule", "level", "responseTime", "responseWindow", "decisionMaker", "communication");
            if (e is null)
            {
                continue;
            }

            var level = ReadLevel(reader, reader.Required(e, item, "level", "an escalation rule"));
            var time = reader.Duration(reader.Required(e, item, "responseTime", "an escalation rule"), "responseTime", TimeSpan.FromMinutes(1), TimeSpan.FromDays(2));
            if (level is not null && time is not null)
            {
                escalation.Add(new EscalationRule(level.Value, time.Value,
                    reader.String(e.GetValueOrDefault("responseWindow"), "responseWindow") ?? "",
                    reader.String(e.GetValueOrDefault("decisionMaker"), "decisionMaker") ?? "",
                    reader.String(e.GetValueOrDefault("communication"), "communication") ?? ""));
            }
        }

        foreach (var level in Enum.GetValues<RiskLevel>().Where(l => escalation.All(e => e.Level != l)))
        {
            diagnostics.Error(DiagnosticCodes.RiskRegister, file, YamlNodeReader.Position(root), $"the escalation matrix has no row for level {level.ToString().ToUpperInvariant()}.");
        }

        return new RiskRegister(risks, escalation, keys.TryGetValue("monitor", out var monitor) ? MonitorSection.Read(reader, monitor, risks) : null);
    }

    private static RiskLevel? ReadLevel(YamlNodeReader reader, YamlDotNet.RepresentationModel.YamlNode? node)
    {
        var text = reader.String(node, "level");
        if (text is null)
        {
            return null;
        }

        if (Enum.TryParse<RiskLevel>(text, ignoreCase: true, out var level))
        {
            return level;
        }

        reader.Error(DiagnosticCodes.BadValue, node!, $"level must be HIGH, MEDIUM or LOW, got '{text}'.");
        return null;
    }
}
