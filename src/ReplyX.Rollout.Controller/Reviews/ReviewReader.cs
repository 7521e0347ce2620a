using Npgsql;
using ReplyX.Rollout.Controller.Reports;
using ReplyX.Rollout.Controller.Risks;

namespace ReplyX.Rollout.Controller.Reviews;

/// <summary>Reads a period's runs (their reports, from the controller's database alone) and the monitor's alerts into a <see cref="Review"/>.</summary>
public sealed class ReviewReader(NpgsqlDataSource dataSource, RunReportReader reports, RiskStateStore risks)
{
    /// <summary>A review reads at most this many runs, newest kept; the answer says when it stopped there.</summary>
    public const int MaxRuns = 500;

    public async Task<(Review Review, bool Truncated)> ReadAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        await using (var command = dataSource.CreateCommand("SELECT id FROM rollout.runs WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at DESC LIMIT $3"))
        {
            command.Parameters.AddWithValue(since);
            command.Parameters.AddWithValue(until);
            command.Parameters.AddWithValue(MaxRuns + 1);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        var read = new List<RunReport>();
        foreach (var id in ids.Take(MaxRuns))
        {
            if (await reports.ReadAsync(id, cancellationToken) is { } report)
            {
                read.Add(report);
            }
        }

        read.Reverse();
        var alerts = (await risks.AlertsAsync(since, cancellationToken)).Where(a => a.At < until).Select(a => (a.Risk, a.Kind, a.At)).ToList();
        return (ReviewBuilder.Build(since, until, read, alerts), ids.Count > MaxRuns);
    }
}
