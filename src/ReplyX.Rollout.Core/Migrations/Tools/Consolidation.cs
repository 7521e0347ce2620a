namespace ReplyX.Rollout.Core.Migrations.Tools;

/// <summary>
/// A written baseline: its migrations, the chain's head it replaces, what a database at each old revision does to
/// move onto it, and the proof that the baseline builds exactly the chain's schema.
/// </summary>
public sealed record Consolidation(
    IReadOnlyList<BaselinePart> Parts,
    IReadOnlyList<(string File, string Revision)> Files,
    string ReplacedHead,
    IReadOnlyList<(string OldRevision, string Action)> Mapping,
    VerificationReport Proof);
