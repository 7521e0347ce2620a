using ReplyX.Rollout.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>Reads <c>ramp</c>: stages strictly increasing to 100%, the bake, the longest hold (at least the bake), the approval.</summary>
internal static class RampSection
{
    private static readonly RampSpec Default = new();

    internal static RampSpec Read(YamlNodeReader reader, YamlNode node)
    {
        var keys = reader.Mapping(node, "ramp", "stages", "bake", "maxHold", "approveBeforeFull");
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

        var bake = reader.Duration(keys.GetValueOrDefault("bake"), "ramp.bake", TimeSpan.Zero, TimeSpan.FromDays(7)) ?? Default.Bake;
        var maxHold = reader.Duration(keys.GetValueOrDefault("maxHold"), "ramp.maxHold", TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)) ?? (bake * 2 > Default.MaxHold ? bake * 2 : Default.MaxHold);
        if (keys.TryGetValue("maxHold", out var maxHoldNode) && maxHold < bake)
        {
            reader.Error(DiagnosticCodes.ThresholdOutOfRange, maxHoldNode, $"ramp.maxHold ({Durations.Format(maxHold)}) is shorter than ramp.bake ({Durations.Format(bake)}): every stage would pause before it had baked.");
        }

        return new RampSpec
        {
            Stages = stages.Count > 0 ? stages : [100],
            Bake = bake,
            MaxHold = maxHold,
            ApproveBeforeFull = reader.Boolean(keys.GetValueOrDefault("approveBeforeFull"), "ramp.approveBeforeFull") ?? false,
        };
    }
}
