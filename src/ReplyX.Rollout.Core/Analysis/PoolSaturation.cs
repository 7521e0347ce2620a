namespace ReplyX.Rollout.Core.Analysis;

/// <summary>
/// R007, one rule for the stage guardrail and the capacity gate: a pool is exhausted when more requests than the
/// limit wait for a connection <see cref="SustainedSeconds"/> seconds in a row (one busy moment on a loaded host is
/// not exhaustion). Where no pool metric arrived, each caller states its policy: a capacity claim needs the
/// evidence (<see cref="WithoutReadings.Fails"/>); a stage of a workload that exports no pool metric is judged by its
/// other guardrails (<see cref="WithoutReadings.NotJudged"/>, said in the verdict, never shown as zero waits).
/// </summary>
public static class PoolSaturation
{
    public const int SustainedSeconds = 5;

    public enum WithoutReadings
    {
        Fails,
        NotJudged,
    }

    /// <summary>Failed (with what saturated), Passed, or, without readings, what the caller's policy says.</summary>
    public static (GuardrailOutcome Outcome, string Reason) Judge(PoolReadings pool, int limit, WithoutReadings withoutReadings) =>
        !pool.Reported
            ? withoutReadings == WithoutReadings.Fails
                ? (GuardrailOutcome.Failed, "no workload metrics arrived during the run, so pool saturation is unknown")
                : (GuardrailOutcome.Passed, "not judged: no workload metrics arrived (the silence guardrail speaks for that)")
            : pool.SustainedSeconds >= SustainedSeconds
                ? (GuardrailOutcome.Failed, $"the connection pool saturated: more than {limit} request(s) waited for {pool.SustainedSeconds} s in a row (at most {pool.MaxPending:F0})")
                : pool.MaxPending is null
                    ? (GuardrailOutcome.Passed, "no request waited for a connection (no pool waits reported)")
                    : (GuardrailOutcome.Passed, $"at most {pool.MaxPending:F0} requests waited for a connection; above {limit} for {pool.SustainedSeconds} s in a row (fails at {SustainedSeconds} s)");
}
