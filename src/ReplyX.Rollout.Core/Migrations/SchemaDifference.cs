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

    /// <summary>The same difference between any two databases, named <paramref name="left"/> and <paramref name="right"/>.</summary>
    public string Describe(string left, string right) => (Chain, Consolidated) switch
    {
        (null, _) => $"+ {Object}: only in {right} ({Consolidated})",
        (_, null) => $"- {Object}: only in {left} ({Chain})",
        _ => $"~ {Object}:\n    {left}: {Chain}\n    {right}: {Consolidated}",
    };
}
