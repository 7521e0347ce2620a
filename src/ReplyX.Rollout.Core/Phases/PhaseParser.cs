using System.Text.RegularExpressions;
using ReplyX.Rollout.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>
/// Reads one phase file into a <see cref="PhaseDefinition"/>, reporting every problem with its position.
/// Returns null only when the file is not a YAML mapping at all.
/// </summary>
public static partial class PhaseParser
{
    internal static readonly string[] TopLevelKeys =
        ["id", "title", "description", "risks", "dependsOn", "flag", "target", "preflight", "steps", "ramp", "guardrails", "gates", "contract", "successCriteria", "parameters"];

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex KebabId();

    [GeneratedRegex(@"^[a-z][a-z0-9]*([.-][a-z0-9]+)*$")]
    private static partial Regex FlagName();

    public static PhaseDefinition? Parse(string file, string text, DiagnosticBag diagnostics)
    {
        var root = LoadRoot(file, text, diagnostics);
        if (root is null)
        {
            return null;
        }

        var reader = new YamlNodeReader(file, diagnostics);
        var keys = reader.Mapping(root, "the phase", TopLevelKeys);
        if (keys is null)
        {
            return null;
        }

        var positions = new Dictionary<string, SourcePosition>();
        var id = reader.String(reader.Required(keys, root, "id", "the phase"), "id") ?? "";
        if (keys.TryGetValue("id", out var idNode) && id.Length > 0 && !KebabId().IsMatch(id))
        {
            reader.Error(DiagnosticCodes.BadIdentifier, idNode, $"id '{id}' must be kebab-case (lowercase letters, digits and single dashes).");
        }

        var flag = reader.String(reader.Required(keys, root, "flag", "the phase"), "flag") ?? "";
        if (keys.TryGetValue("flag", out var flagNode))
        {
            positions["flag"] = YamlNodeReader.Position(flagNode);
            if (flag.Length > 0 && !FlagName().IsMatch(flag))
            {
                reader.Error(DiagnosticCodes.BadIdentifier, flagNode, $"flag '{flag}' must be lowercase words joined by dots or dashes, e.g. replyx.messages.keyset-pages.");
            }
        }

        var title = reader.String(reader.Required(keys, root, "title", "the phase"), "title") ?? "";
        if (keys.TryGetValue("title", out var titleNode) && title.Trim().Length == 0)
        {
            reader.Error(DiagnosticCodes.BadValue, titleNode, "title must not be empty.");
        }

        var lines = text.Split('\n');
        var steps = StepSection.Read(reader, keys.GetValueOrDefault("steps"), "steps", StepKind.Expand, lines);
        if (!keys.ContainsKey("steps"))
        {
            reader.Error(DiagnosticCodes.MissingKey, root, "the phase is missing required key 'steps'.");
        }

        var contract = StepSection.Read(reader, keys.GetValueOrDefault("contract"), "contract", StepKind.Contract, lines);
        StepSection.ReportDuplicateNames(reader, steps.Concat(contract));
        var parameters = keys.TryGetValue("parameters", out var parametersNode) ? ReadParameters(reader, parametersNode) : new Dictionary<string, string>();
        steps = PhaseParameters.Substitute(steps, parameters, reader);
        contract = PhaseParameters.Substitute(contract, parameters, reader);

        var gates = PhaseParameters.Substitute(GateSection.Read(reader, keys.GetValueOrDefault("gates")), parameters, reader);
        foreach (var gate in gates)
        {
            foreach (var problem in Gates.GateCatalog.Validate(gate))
            {
                diagnostics.Error(DiagnosticCodes.BadValue, file, gate.Position, problem);
            }
        }

        return new PhaseDefinition
        {
            Id = id,
            Title = title,
            Description = reader.String(keys.GetValueOrDefault("description"), "description") ?? "",
            Flag = flag,
            Risks = ReadPositionedStrings(reader, keys.GetValueOrDefault("risks"), "risks", positions),
            DependsOn = ReadPositionedStrings(reader, keys.GetValueOrDefault("dependsOn"), "dependsOn", positions),
            Target = keys.TryGetValue("target", out var target) ? ReadTarget(reader, target) : new TargetSpec(),
            Preflight = keys.TryGetValue("preflight", out var preflight) ? PreflightSection.Read(reader, preflight) : new PreflightSpec(),
            Steps = steps,
            Contract = contract,
            Ramp = keys.TryGetValue("ramp", out var ramp) ? RampSection.Read(reader, ramp) : new RampSpec(),
            Guardrails = keys.TryGetValue("guardrails", out var guardrails) ? GuardrailSection.Read(reader, guardrails) : new GuardrailSpec(),
            Gates = gates,
            SuccessCriteria = ReadSuccessCriteria(reader, keys.GetValueOrDefault("successCriteria")),
            Parameters = parameters,
            SourceFile = file,
            IdPosition = idNode is null ? SourcePosition.Start : YamlNodeReader.Position(idNode),
            Positions = positions,
        };
    }

    private static TargetSpec ReadTarget(YamlNodeReader reader, YamlNode node)
    {
        var keys = reader.Mapping(node, "target", "database", "environment");
        if (keys is null)
        {
            return new TargetSpec();
        }

        var environment = reader.String(keys.GetValueOrDefault("environment"), "target.environment");
        if (environment is not null && !KebabId().IsMatch(environment))
        {
            reader.Error(DiagnosticCodes.BadIdentifier, keys["environment"], $"target.environment '{environment}' must be a lowercase name such as production or staging.");
        }

        return new TargetSpec(reader.String(keys.GetValueOrDefault("database"), "target.database"), environment);
    }

    /// <summary>Loads the single document of a file; malformed YAML is reported at the parser's position.</summary>
    internal static YamlNode? LoadRoot(string file, string text, DiagnosticBag diagnostics)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            var message = (exception.InnerException?.Message ?? exception.Message).Trim();
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            diagnostics.Error(DiagnosticCodes.YamlSyntax, file, new SourcePosition((int)exception.Start.Line, (int)exception.Start.Column),
                "malformed YAML: " + (cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            diagnostics.Error(DiagnosticCodes.YamlSyntax, file, SourcePosition.Start, "the file is empty.");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            diagnostics.Error(DiagnosticCodes.YamlSyntax, file, YamlNodeReader.Position(stream.Documents[1].RootNode), "one phase per file: a second YAML document was found.");
        }

        return stream.Documents[0].RootNode;
    }

    private static List<string> ReadPositionedStrings(YamlNodeReader reader, YamlNode? node, string what, Dictionary<string, SourcePosition> positions)
    {
        var result = new List<string>();
        var items = reader.Sequence(node, what) ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (reader.String(items[i], $"each entry of {what}") is { } value)
            {
                positions[$"{what}[{result.Count}]"] = YamlNodeReader.Position(items[i]);
                result.Add(value);
            }
        }

        return result;
    }









    private static List<SuccessCriterion> ReadSuccessCriteria(YamlNodeReader reader, YamlNode? node)
    {
        var result = new List<SuccessCriterion>();
        foreach (var item in reader.Sequence(node, "successCriteria") ?? [])
        {
            var keys = reader.Mapping(item, "a success criterion", "criterion", "measure", "target", "required");
            if (keys is null)
            {
                continue;
            }

            var criterion = reader.String(reader.Required(keys, item, "criterion", "a success criterion"), "criterion");
            var measureName = reader.String(reader.Required(keys, item, "measure", $"criterion '{criterion}'"), "measure");
            var targetText = reader.String(reader.Required(keys, item, "target", $"criterion '{criterion}'"), "target");
            var measure = Criteria.CriterionMeasures.Find(measureName);
            if (measureName is not null && measure is null)
            {
                var suggestion = YamlNodeReader.Suggest(measureName, Criteria.CriterionMeasures.All.Select(m => m.Name));
                reader.Error(DiagnosticCodes.BadCriterion, keys["measure"], $"unknown measure '{measureName}'"
                    + (suggestion is null ? $"; expected one of {string.Join(", ", Criteria.CriterionMeasures.All.Select(m => m.Name))}." : $"; did you mean '{suggestion}'?"));
            }
            else if (measure is not null && targetText is not null && (Criteria.CriterionTarget.Parse(targetText) is not { } target || !measure.Accepts(target)))
            {
                reader.Error(DiagnosticCodes.BadCriterion, keys["target"], $"target '{targetText}' is not one {measure.Name} can judge; write e.g. {measure.Targets}.");
            }

            if (criterion is not null)
            {
                result.Add(new SuccessCriterion(criterion, measureName, targetText, reader.Boolean(keys.GetValueOrDefault("required"), "required") ?? false)
                {
                    Position = YamlNodeReader.Position(item),
                });
            }
        }

        return result;
    }

    private static Dictionary<string, string> ReadParameters(YamlNodeReader reader, YamlNode node, string prefix = "")
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping)
        {
            reader.Mapping(node, "parameters");
            return result;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = prefix + ((key as YamlScalarNode)?.Value ?? "");
            if (value is YamlMappingNode)
            {
                foreach (var nested in ReadParameters(reader, value, name + "."))
                {
                    result[nested.Key] = nested.Value;
                }
            }
            else if (reader.String(value, $"parameter '{name}'") is { } text)
            {
                result[name] = text;
            }
        }

        return result;
    }

    internal static string StripSqlComments(string sql) => string.Concat(Lint.SqlLexer.Tokenize(sql).Select(t => t.Text));
}
