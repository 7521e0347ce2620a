using ReplyX.Rollout.Core.Migrations;

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>
/// How two environments differ (R013): the server version, each plan setting that differs, every schema fact that
/// differs (only schema differences make environments unequal for a phase: a phase rehearsed on another schema
/// proves nothing), and tables whose row estimates differ by more than <see cref="VolumeFactor"/> either way.
/// </summary>
public sealed record DriftReport(
    (string From, string To)? Version,
    IReadOnlyList<(string Setting, string? From, string? To)> Settings,
    IReadOnlyList<SchemaDifference> Schema,
    IReadOnlyList<(string Table, long From, long To)> Volumes)
{
    /// <summary>A table this many times larger or smaller in one environment plans differently there.</summary>
    public const double VolumeFactor = 10;

    public bool SchemaDiffers => Schema.Count > 0;

    public bool Identical => Version is null && Settings.Count == 0 && Schema.Count == 0 && Volumes.Count == 0;

    public static DriftReport Compare(EnvironmentProfile from, EnvironmentProfile to) => new(
        from.ServerVersion == to.ServerVersion ? null : (from.ServerVersion, to.ServerVersion),
        [.. from.Settings.Keys.Union(to.Settings.Keys).Order(StringComparer.Ordinal)
            .Select(name => (name, from.Settings.GetValueOrDefault(name), to.Settings.GetValueOrDefault(name)))
            .Where(s => s.Item2 != s.Item3)],
        CatalogFingerprint.Compare(from.Schema, to.Schema),
        [.. from.RowEstimates.Keys.Intersect(to.RowEstimates.Keys).Order(StringComparer.Ordinal)
            .Select(table => (table, from.RowEstimates[table], to.RowEstimates[table]))
            .Where(v => Math.Max(v.Item2, 1) / (double)Math.Max(v.Item3, 1) is var ratio && (ratio >= VolumeFactor || ratio <= 1 / VolumeFactor))]);

    public IEnumerable<string> Lines(string from, string to)
    {
        if (Version is { } version)
        {
            yield return $"server version: {from} {version.From}, {to} {version.To}";
        }

        foreach (var (setting, left, right) in Settings)
        {
            yield return $"setting {setting}: {from} {left ?? "(absent)"}, {to} {right ?? "(absent)"}";
        }

        foreach (var difference in Schema)
        {
            yield return "schema " + difference.Describe(from, to);
        }

        foreach (var (table, left, right) in Volumes)
        {
            yield return $"volume {table}: ~{left:N0} rows in {from}, ~{right:N0} in {to} ({Math.Max(left, 1) / (double)Math.Max(right, 1):0.###}x)";
        }
    }
}
