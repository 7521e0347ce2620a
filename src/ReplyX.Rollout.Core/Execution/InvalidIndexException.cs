namespace ReplyX.Rollout.Core.Execution;

/// <summary>A concurrent build finished (or was skipped by IF NOT EXISTS) but left the index INVALID or not ready.</summary>
public sealed class InvalidIndexException(string index)
    : InvalidOperationException($"Index {index} is INVALID after the build (pg_index.indisvalid/indisready false); it was dropped.")
{
    public string Index { get; } = index;
}
