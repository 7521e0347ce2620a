using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Phases;
using ReplyX.Rollout.Controller.Risks;

namespace ReplyX.Rollout.Controller.Apis;

/// <summary>The risk register with the continuous monitor's view of each risk: its rules, status, last reading and last alert.</summary>
internal static class RisksApi
{
    public static void MapRisksApi(this RouteGroupBuilder api) =>
        api.MapGet("/risks", GetRisks).WithTags("Risks").WithName("GetRisks").WithSummary("Each risk of the register with the monitor's status, last reading and last alert");

    public static async Task<IResult> GetRisks(PhaseCatalog catalog, RiskStateStore states, IOptions<RiskMonitorOptions> options, CancellationToken cancellationToken)
    {
        var register = catalog.Load().Risks;
        if (register is null)
        {
            return TypedResults.Problem(title: "No risk register", detail: $"{catalog.Directory}/risks.yaml does not load.", statusCode: StatusCodes.Status500InternalServerError);
        }

        var current = await states.StatesAsync(cancellationToken);
        return TypedResults.Ok(new
        {
            monitor = new { enabled = options.Value.Enabled, intervalSeconds = options.Value.Interval.TotalSeconds, cpuSource = options.Value.CpuSource },
            risks = register.Risks.Select(risk =>
            {
                var rules = register.Monitor.Rules.Where(r => r.Risk == risk.Id).Select(rule =>
                {
                    var state = current.GetValueOrDefault(rule.Id);
                    return new
                    {
                        id = rule.Id,
                        reading = rule.Reading.ToString(),
                        threshold = RiskMonitorTick.Threshold(rule),
                        action = rule.Action.ToString().ToLowerInvariant(),
                        status = state is null ? "not read yet" : state.Status.ToString().ToLowerInvariant(),
                        since = state?.Since,
                        lastValue = state?.LastValue,
                        lastReading = state?.LastDetail,
                        lastAt = state?.LastAt,
                        lastAlert = state?.LastAlert,
                        lastAlertAt = state?.LastAlertAt,
                    };
                }).ToList();
                return new
                {
                    id = risk.Id,
                    name = risk.Name,
                    level = risk.Level.ToString().ToUpperInvariant(),
                    status = rules.Count == 0 ? "not monitored" : rules.Any(r => r.status == "firing") ? "firing" : rules.All(r => r.status == "clear") ? "clear" : "unknown",
                    rules,
                };
            }),
        });
    }
}
