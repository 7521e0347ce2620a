namespace ReplyX.Rollout.Core.Postgres;

/// <summary>A promoted standby: how long promotion took, how long until a write was proven, and its row counts per table.</summary>
public sealed record StandbyPromotion(TimeSpan Promoted, TimeSpan WritesAccepted, IReadOnlyDictionary<string, long> RowCounts);
