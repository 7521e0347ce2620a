using ReplyX.Rollout.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>Reads <c>gates</c> against the gate catalog's types and settings.</summary>
internal static class GateSection
{
    internal static List<GateSpec> Read(YamlNodeReader reader, YamlNode? node)
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
}
