namespace ReplyX.Rollout.Core.Migrations;

/// <summary>One catalog fact that differs: its definition in the chain's schema and in the consolidated one (null when absent).</summary>
public sealed record SchemaDifference(string Object, string? Chain, string? Consolidated)
{
    public override string ToString() => (Chain, Consolidated) switch
    {
        (null, _) => $"+ {Object}: only in the consolidated set ({Consolidated})",
        (_, null) => $"- {Object}: missing from the consolidated set (chain: {Chain})",
        _ => $"~ {Object}:\n    chain:        {Chain}\n    consolidated: {Consolidated}",
    };
}
