namespace ReplyX.Rollout.Controller.Model;

public sealed record PhaseSummary(string Id, string Title, string Flag, IReadOnlyList<string> Risks, IReadOnlyList<int> Stages, string Bake, bool Valid, IReadOnlyList<string> Diagnostics);
