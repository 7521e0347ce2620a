namespace ReplyX.Rollout.Core.Diagnostics;

/// <summary>A 1-based line and column in a source file.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public static SourcePosition Start { get; } = new(1, 1);

    public override string ToString() => $"{Line}:{Column}";
}
