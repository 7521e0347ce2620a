using System.Globalization;
using System.Text.Json;
using ReplyX.Rollout.Core.Backfills;
using ReplyX.Rollout.Cli.Api;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary>The words of a live status: state, stage, traffic, bake progress, the running step's progress, last events.</summary>
public static class RolloutStatusText
{
    public static IReadOnlyList<string> Lines(RolloutDto run, DateTimeOffset now, int events = 6)
    {
        var lines = new List<string>
        {
            $"Run {run.Id}  phase {run.Phase}  flag {run.Flag}",
            $"State: {run.State}{(run.PausedFrom is null ? "" : $" (from {run.PausedFrom})")}   " +
            $"stage {(run.Stage < 0 ? "-" : $"{run.Stage + 1}/{run.Stages.Count}")}   traffic {run.Percentage}%{(run.AwaitingApproval ? "   WAITING FOR APPROVAL" : "")}",
        };
        if (run.State == "Ramping" && run.StageStartedAt is { } stageStart && run.BakeSeconds > 0)
        {
            var elapsed = Math.Clamp((now - stageStart).TotalSeconds, 0, run.BakeSeconds);
            lines.Add($"Bake: {elapsed:F0}s / {run.BakeSeconds:F0}s  {Bar(elapsed / run.BakeSeconds)}");
        }

        if (run.State == "Ramping" && run.Holding is { } holding)
        {
            lines.Add($"Verdict: {holding}{(run.VerdictEta is { } eta ? $" (about {eta.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC)" : "")}");
        }

        if (run.Steps?.LastOrDefault(s => s.Status == "running") is { } running)
        {
            lines.Add($"Step: {running.Kind} '{running.Name}' running{Progress(running.DetailJson)}");
        }

        if (run.Reason is not null)
        {
            lines.Add($"Reason: {run.Reason}");
        }

        lines.AddRange(Criteria(run));

        foreach (var e in (run.Events ?? []).TakeLast(events))
        {
            var move = e.ToState is null ? e.Kind : $"{e.FromState ?? "-"} -> {e.ToState}";
            lines.Add($"  {e.At.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)}  {move}: {e.Reason}");
        }

        return lines;
    }

    /// <summary>The phase's success criteria as recorded on the run: one line each, measured against target, verdict.</summary>
    public static IEnumerable<string> Criteria(RolloutDto run, string indent = "")
    {
        if (run.SuccessCriteria is not { Count: > 0 } criteria)
        {
            yield break;
        }

        yield return $"{indent}Success criteria:";
        foreach (var c in criteria)
        {
            var verdict = c.Verdict switch { "Met" => "met", "NotMet" => c.Required ? "NOT MET (required)" : "NOT MET", _ => "not measured" };
            yield return $"{indent}  {verdict,-18} {c.Criterion}: {c.Measured ?? "-"} against {c.Target} ({c.Measure}; {c.Reason})";
        }
    }

    /// <summary>The running step's progress as one line's tail: an index build's bar and blockers, or a backfill's walk.</summary>
    public static string Progress(string detailJson)
    {
        using var detail = JsonDocument.Parse(detailJson);
        if (!detail.RootElement.TryGetProperty("progress", out var progress) || progress.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        if (progress.TryGetProperty("backfill", out var walk) && walk.ValueKind == JsonValueKind.Object)
        {
            return " - backfill " + Bar(walk.GetProperty("fraction").GetDouble()) + " " + Backfill(walk);
        }

        var phase = progress.TryGetProperty("phase", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        var blocksDone = progress.GetProperty("blocksDone").GetInt64();
        var blocksTotal = progress.GetProperty("blocksTotal").GetInt64();
        var blockedBy = progress.GetProperty("blockedBy").EnumerateArray().Select(b => b.GetInt32()).ToList();
        var text = phase is null ? "" : $" - {phase}";
        if (blocksTotal > 0)
        {
            text += $" {Bar(blocksDone / (double)blocksTotal)}";
        }

        return blockedBy.Count > 0 ? text + $" (waiting on pid {string.Join(", ", blockedBy)})" : text;
    }

    /// <summary>A backfill's walk in the controller's own words (<see cref="BackfillProgress.Describe"/>), and the throttle's latest reason.</summary>
    private static string Backfill(JsonElement walk)
    {
        var progress = new BackfillProgress(
            walk.GetProperty("rowsScanned").GetInt64(), walk.GetProperty("rowsUpdated").GetInt64(), walk.GetProperty("estimatedTotal").GetInt64(),
            walk.GetProperty("batches").GetInt32(), walk.GetProperty("rowsPerSecond").GetDouble(), walk.GetProperty("batchSize").GetInt32(),
            TimeSpan.Parse(walk.GetProperty("pause").GetString()!, CultureInfo.InvariantCulture), null);
        var throttle = walk.TryGetProperty("throttle", out var t) && t.ValueKind == JsonValueKind.String ? $" ({t.GetString()})" : "";
        return progress.Describe() + throttle;
    }

    private static string Bar(double fraction)
    {
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * 20);
        return $"[{new string('#', filled)}{new string('-', 20 - filled)}] {fraction * 100:F0}%";
    }
}
