namespace ReplyX.Rollout.Core.Migrations.Tools;

/// <summary>One migration of a consolidated baseline: its place, the kinds of object it creates, its SQL.</summary>
public sealed record BaselinePart(int Index, int Of, string Kinds, int Objects, string Sql)
{
    public string Label => $"baseline {Index} of {Of}: {Kinds}";
}
