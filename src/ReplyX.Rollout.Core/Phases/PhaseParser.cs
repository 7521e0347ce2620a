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
    /// <summary>What a phase gets for a key it leaves out: the records' own defaults, never a second copy of them.</summary>
    private static class Defaults
    {
        public static readonly PreflightSpec Preflight = new();
        public static readonly RampSpec Ramp = new();
        public static readonly GuardrailSpec Guardrails = new();
        public static readonly LatencyGuardrail Latency = new();
        public static readonly ErrorRateGuardrail Errors = new();
        public static readonly PoolGuardrail Pool = new();
    }

    internal static readonly string[] TopLevelKeys =
        ["id", "title", "description", "risks", "dependsOn", "flag", "preflight", "steps", "ramp", "guardrails", "gates", "contract", "successCriteria", "parameters"];

    private static readonly string[] StepKeys =
        ["name", "sql", "rollback", "irreversible", "lockTimeout", "statementTimeout", "retries", "transaction", "suppress"];

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
        var steps = ReadSteps(reader, keys.GetValueOrDefault("steps"), "steps", StepKind.Expand, lines);
        if (!keys.ContainsKey("steps"))
        {
            reader.Error(DiagnosticCodes.MissingKey, root, "the phase is missing required key 'steps'.");
        }

        var contract = ReadSteps(reader, keys.GetValueOrDefault("contract"), "contract", StepKind.Contract, lines);
        ReportDuplicateStepNames(reader, steps.Concat(contract));
        var parameters = keys.TryGetValue("parameters", out var parametersNode) ? ReadParameters(reader, parametersNode) : new Dictionary<string, string>();
        steps = PhaseParameters.Substitute(steps, parameters, reader);
        contract = PhaseParameters.Substitute(contract, parameters, reader);

        var gates = PhaseParameters.Substitute(ReadGates(reader, keys.GetValueOrDefault("gates")), parameters, reader);
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
            Preflight = keys.TryGetValue("preflight", out var preflight) ? ReadPreflight(reader, preflight) : new PreflightSpec(),
            Steps = steps,
            Contract = contract,
            Ramp = keys.TryGetValue("ramp", out var ramp) ? ReadRamp(reader, ramp) : new RampSpec(),
            Guardrails = keys.TryGetValue("guardrails", out var guardrails) ? ReadGuardrails(reader, guardrails) : new GuardrailSpec(),
            Gates = gates,
            SuccessCriteria = ReadSuccessCriteria(reader, keys.GetValueOrDefault("successCriteria")),
            Parameters = parameters,
            SourceFile = file,
            IdPosition = idNode is null ? SourcePosition.Start : YamlNodeReader.Position(idNode),
            Positions = positions,
        };
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

    private static List<PhaseStep> ReadSteps(YamlNodeReader reader, YamlNode? node, string what, StepKind kind, string[] lines)
    {
        var steps = new List<PhaseStep>();
        foreach (var item in reader.Sequence(node, what) ?? [])
        {
            var context = $"a step of {what}";
            var keys = reader.Mapping(item, context, StepKeys);
            if (keys is null)
            {
                continue;
            }

            var name = reader.String(reader.Required(keys, item, "name", context), "step name") ?? $"(unnamed step at line {item.Start.Line})";
            context = $"step '{name}'";
            var sqlNode = reader.Required(keys, item, "sql", context);
            var sql = reader.String(sqlNode, $"sql of {context}") ?? "";
            if (sqlNode is not null && string.IsNullOrWhiteSpace(StripSqlComments(sql)))
            {
                reader.Error(DiagnosticCodes.EmptySql, sqlNode, $"sql of {context} is empty.");
            }

            var rollbackNode = keys.GetValueOrDefault("rollback");
            var rollback = reader.String(rollbackNode, $"rollback of {context}");
            if (rollbackNode is not null && string.IsNullOrWhiteSpace(StripSqlComments(rollback ?? "")))
            {
                reader.Error(DiagnosticCodes.EmptySql, rollbackNode, $"rollback of {context} is empty; remove it and say 'irreversible: <reason>' if there is no way back.");
                rollback = null;
            }

            var irreversible = reader.String(keys.GetValueOrDefault("irreversible"), $"irreversible of {context}");
            if (keys.TryGetValue("irreversible", out var irreversibleNode) && string.IsNullOrWhiteSpace(irreversible))
            {
                reader.Error(DiagnosticCodes.MissingReason, irreversibleNode, $"irreversible of {context} must give the reason there is no way back.");
            }

            if (rollbackNode is null && irreversibleNode is null)
            {
                reader.Error(DiagnosticCodes.MissingRollback, item, $"{context} has no rollback; add 'rollback:' SQL, or 'irreversible: <reason>' if there is truly no way back.");
            }

            steps.Add(new PhaseStep
            {
                Name = name,
                Sql = sql,
                Rollback = rollback,
                IrreversibleReason = string.IsNullOrWhiteSpace(irreversible) ? null : irreversible,
                LockTimeout = reader.Duration(keys.GetValueOrDefault("lockTimeout"), $"lockTimeout of {context}", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)),
                StatementTimeout = reader.Duration(keys.GetValueOrDefault("statementTimeout"), $"statementTimeout of {context}", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
                Retries = reader.Integer(keys.GetValueOrDefault("retries"), $"retries of {context}", 0, 20) ?? 0,
                Transactional = reader.Boolean(keys.GetValueOrDefault("transaction"), $"transaction of {context}"),
                Suppressions = ReadSuppressions(reader, keys.GetValueOrDefault("suppress"), context),
                Kind = kind,
                Position = YamlNodeReader.Position(item),
                SqlPosition = sqlNode is null ? YamlNodeReader.Position(item) : SqlStart(sqlNode, lines),
                RollbackPosition = rollbackNode is null ? null : SqlStart(rollbackNode, lines),
            });
        }

        return steps;
    }

    /// <summary>
    /// Where the SQL text itself starts: block scalars (<c>sql: |</c>) start on the next line at its indentation,
    /// quoted scalars one column after the quote.
    /// </summary>
    private static SourcePosition SqlStart(YamlNode node, string[] lines)
    {
        var position = YamlNodeReader.Position(node);
        if (node is YamlScalarNode { Style: ScalarStyle.Literal or ScalarStyle.Folded })
        {
            var line = position.Line + 1;
            var text = line - 1 < lines.Length ? lines[line - 1] : "";
            return new SourcePosition(line, text.Length - text.TrimStart(' ').Length + 1);
        }

        return node is YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted }
            ? position with { Column = position.Column + 1 }
            : position;
    }

    private static void ReportDuplicateStepNames(YamlNodeReader reader, IEnumerable<PhaseStep> steps)
    {
        var seen = new Dictionary<string, PhaseStep>(StringComparer.OrdinalIgnoreCase);
        foreach (var step in steps)
        {
            if (seen.TryGetValue(step.Name, out var first))
            {
                reader.Diagnostics.Error(DiagnosticCodes.DuplicateStepName, reader.File, step.Position,
                    $"step name '{step.Name}' is already used at line {first.Position.Line}; step names identify applied steps and must be unique.");
            }
            else
            {
                seen[step.Name] = step;
            }
        }
    }

    private static List<LintSuppression> ReadSuppressions(YamlNodeReader reader, YamlNode? node, string context)
    {
        var result = new List<LintSuppression>();
        foreach (var item in reader.Sequence(node, $"suppress of {context}") ?? [])
        {
            var keys = reader.Mapping(item, $"a suppression of {context}", "rule", "reason");
            if (keys is null)
            {
                continue;
            }

            var rule = reader.String(reader.Required(keys, item, "rule", $"a suppression of {context}"), "rule") ?? "";
            var reason = reader.String(keys.GetValueOrDefault("reason"), "reason");
            if (string.IsNullOrWhiteSpace(reason))
            {
                reader.Error(DiagnosticCodes.MissingReason, item, $"suppressing {rule} in {context} needs a written 'reason'.");
                continue;
            }

            if (!Lint.LintRules.All.Any(r => r.Id == rule))
            {
                var suggestion = YamlNodeReader.Suggest(rule, Lint.LintRules.All.Select(r => r.Id));
                reader.Error(DiagnosticCodes.UnknownLintRule, keys["rule"], $"unknown lint rule '{rule}'" + (suggestion is null ? "." : $"; did you mean '{suggestion}'?"));
                continue;
            }

            result.Add(new LintSuppression(rule, reason));
        }

        return result;
    }

    private static PreflightSpec ReadPreflight(YamlNodeReader reader, YamlNode node)
    {
        var keys = reader.Mapping(node, "preflight", "backup", "skipReason", "maxTransactionAge", "duplicates", "diskHeadroom");
        if (keys is null)
        {
            return new PreflightSpec();
        }

        var backup = BackupPolicy.Required;
        if (reader.String(keys.GetValueOrDefault("backup"), "preflight.backup") is { } backupText)
        {
            switch (backupText)
            {
                case "required":
                    break;
                case "skip":
                    backup = BackupPolicy.Skip;
                    break;
                default:
                    reader.Error(DiagnosticCodes.BadValue, keys["backup"], $"preflight.backup must be 'required' or 'skip', got '{backupText}'.");
                    break;
            }
        }

        var skipReason = reader.String(keys.GetValueOrDefault("skipReason"), "preflight.skipReason");
        if (backup == BackupPolicy.Skip && string.IsNullOrWhiteSpace(skipReason))
        {
            reader.Error(DiagnosticCodes.MissingReason, keys["backup"], "preflight.backup is 'skip' without a 'skipReason': say why this phase may change data without a verified backup.");
        }

        var duplicates = new List<DuplicatesCheck>();
        foreach (var item in reader.Sequence(keys.GetValueOrDefault("duplicates"), "preflight.duplicates") ?? [])
        {
            var check = reader.Mapping(item, "a duplicates check", "table", "columns");
            if (check is null)
            {
                continue;
            }

            var table = reader.String(reader.Required(check, item, "table", "a duplicates check"), "table");
            var columns = reader.Strings(reader.Required(check, item, "columns", "a duplicates check"), "columns");
            if (table is not null && columns.Count > 0)
            {
                duplicates.Add(new DuplicatesCheck(table, columns));
            }
        }

        return new PreflightSpec
        {
            Backup = backup,
            BackupSkipReason = skipReason,
            MaxTransactionAge = reader.Duration(keys.GetValueOrDefault("maxTransactionAge"), "preflight.maxTransactionAge", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)) ?? Defaults.Preflight.MaxTransactionAge,
            Duplicates = duplicates,
            DiskHeadroom = reader.Percentage(keys.GetValueOrDefault("diskHeadroom"), "preflight.diskHeadroom", 0, 10) ?? Defaults.Preflight.DiskHeadroom,
        };
    }

    private static RampSpec ReadRamp(YamlNodeReader reader, YamlNode node)
    {
        var keys = reader.Mapping(node, "ramp", "stages", "bake", "approveBeforeFull");
        if (keys is null)
        {
            return new RampSpec();
        }

        var stages = new List<int>();
        var stageNodes = reader.Sequence(reader.Required(keys, node, "stages", "ramp"), "ramp.stages") ?? [];
        foreach (var item in stageNodes)
        {
            var text = reader.String(item, "a ramp stage");
            if (text is null)
            {
                continue;
            }

            if (!Percentages.TryParse(text, out var fraction) || fraction * 100 != Math.Floor(fraction * 100))
            {
                reader.Error(DiagnosticCodes.BadPercentage, item, $"ramp stage '{text}' is not a whole percentage; write e.g. 5, 25, 100.");
                continue;
            }

            var percent = (int)(fraction * 100);
            if (percent is < 1 or > 100)
            {
                reader.Error(DiagnosticCodes.ThresholdOutOfRange, item, $"ramp stage {percent}% must be between 1% and 100%.");
                continue;
            }

            if (stages.Count > 0 && percent <= stages[^1])
            {
                reader.Error(DiagnosticCodes.RampNotIncreasing, item, $"ramp stages must strictly increase: {percent}% follows {stages[^1]}%.");
            }

            stages.Add(percent);
        }

        if (stageNodes.Count > 0 && stages.Count > 0 && stages[^1] != 100)
        {
            reader.Error(DiagnosticCodes.RampNotEndingAt100, stageNodes[^1], $"the last ramp stage must be 100%, got {stages[^1]}%: a phase ends with every user on the optimized path.");
        }
        else if (keys.TryGetValue("stages", out var stagesNode) && stageNodes.Count == 0 && stagesNode is YamlSequenceNode)
        {
            reader.Error(DiagnosticCodes.RampNotEndingAt100, stagesNode, "ramp.stages is empty; it must end at 100.");
        }

        return new RampSpec
        {
            Stages = stages.Count > 0 ? stages : [100],
            Bake = reader.Duration(keys.GetValueOrDefault("bake"), "ramp.bake", TimeSpan.Zero, TimeSpan.FromDays(7)) ?? Defaults.Ramp.Bake,
            ApproveBeforeFull = reader.Boolean(keys.GetValueOrDefault("approveBeforeFull"), "ramp.approveBeforeFull") ?? false,
        };
    }

    private static GuardrailSpec ReadGuardrails(YamlNodeReader reader, YamlNode node)
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
                    reader.Percentage(latency.GetValueOrDefault("maxRegression"), "guardrails.latencyP95.maxRegression", 0.01, 1.0) ?? Defaults.Latency.MaxRegression,
                    reader.Integer(latency.GetValueOrDefault("minSamples"), "guardrails.latencyP95.minSamples", 20, 1_000_000) ?? Defaults.Latency.MinSamples,
                    reader.String(latency.GetValueOrDefault("risk"), "risk") ?? Defaults.Latency.Risk,
                    reader.Duration(latency.GetValueOrDefault("minDelta"), "guardrails.latencyP95.minDelta", TimeSpan.Zero, TimeSpan.FromSeconds(10)) ?? Defaults.Latency.MinDelta),
            };
        }

        if (keys.TryGetValue("errorRate", out var errorNode) && reader.Mapping(errorNode, "guardrails.errorRate", "max", "risk") is { } errors)
        {
            spec = spec with
            {
                ErrorRate = new ErrorRateGuardrail(
                    reader.Percentage(errors.GetValueOrDefault("max"), "guardrails.errorRate.max", 0.0001, 0.5) ?? Defaults.Errors.Max,
                    reader.String(errors.GetValueOrDefault("risk"), "risk") ?? Defaults.Errors.Risk),
            };
        }

        if (keys.TryGetValue("pool", out var poolNode) && reader.Mapping(poolNode, "guardrails.pool", "maxPendingRequests", "risk") is { } pool)
        {
            spec = spec with
            {
                Pool = new PoolGuardrail(
                    reader.Integer(pool.GetValueOrDefault("maxPendingRequests"), "guardrails.pool.maxPendingRequests", 0, 10_000) ?? Defaults.Pool.MaxPendingRequests,
                    reader.String(pool.GetValueOrDefault("risk"), "risk") ?? Defaults.Pool.Risk),
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
            MetricsSilence = reader.Duration(keys.GetValueOrDefault("metricsSilence"), "guardrails.metricsSilence", TimeSpan.FromSeconds(5), TimeSpan.FromHours(1)) ?? Defaults.Guardrails.MetricsSilence,
        };
    }

    private static List<GateSpec> ReadGates(YamlNodeReader reader, YamlNode? node)
    {
        var gates = new List<GateSpec>();
        foreach (var item in reader.Sequence(node, "gates") ?? [])
        {
            if (item is not YamlMappingNode mapping)
            {
                reader.Mapping(item, "a gate");
                continue;
            }

            var typeNode = mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "type" }).Value;
            var type = reader.String(typeNode, "gate type");
            if (type is null)
            {
                reader.Error(DiagnosticCodes.MissingKey, item, $"a gate is missing required key 'type' (one of {string.Join(", ", Gates.GateCatalog.Kinds.Select(k => k.Type))}).");
                continue;
            }

            if (Gates.GateCatalog.Find(type) is not { } known)
            {
                var types = Gates.GateCatalog.Kinds.Select(k => k.Type).ToList();
                var suggestion = YamlNodeReader.Suggest(type, types);
                reader.Error(DiagnosticCodes.BadValue, typeNode!, $"unknown gate type '{type}'" + (suggestion is null ? $"; expected one of {string.Join(", ", types)}." : $"; did you mean '{suggestion}'?"));
                continue;
            }

            var keys = reader.Mapping(item, $"gate '{type}'", ["type", "risk", .. known.Keys]) ?? [];
            var settings = keys.Where(k => k.Key is not ("type" or "risk"))
                .Select(k => (k.Key, Value: reader.String(k.Value, $"{type}.{k.Key}")))
                .Where(k => k.Value is not null)
                .ToDictionary(k => k.Key, k => k.Value!);
            gates.Add(new GateSpec(type, reader.String(keys.GetValueOrDefault("risk"), "risk") ?? known.Risk, settings, YamlNodeReader.Position(item)));
        }

        return gates;
    }

    private static List<SuccessCriterion> ReadSuccessCriteria(YamlNodeReader reader, YamlNode? node)
    {
        var result = new List<SuccessCriterion>();
        foreach (var item in reader.Sequence(node, "successCriteria") ?? [])
        {
            var keys = reader.Mapping(item, "a success criterion", "criterion", "measure", "target");
            if (keys is null)
            {
                continue;
            }

            var criterion = reader.String(reader.Required(keys, item, "criterion", "a success criterion"), "criterion");
            if (criterion is not null)
            {
                result.Add(new SuccessCriterion(criterion, reader.String(keys.GetValueOrDefault("measure"), "measure"), reader.String(keys.GetValueOrDefault("target"), "target")));
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

    private static string StripSqlComments(string sql) => string.Concat(Lint.SqlLexer.Tokenize(sql).Select(t => t.Text));
}
