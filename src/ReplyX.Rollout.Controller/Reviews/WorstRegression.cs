namespace ReplyX.Rollout.Controller.Reviews;

/// <summary>
/// The largest treatment-over-control p95 change any run's kept looks show (one 10 s look, both variants with
/// <see cref="ReviewBuilder.MinLookSamples"/> requests or more), and what caught it: the guardrail or criterion that
/// rolled the run back or paused it, in its own words, or that nothing did.
/// </summary>
public sealed record WorstRegression(Guid Run, string Phase, DateTimeOffset At, int Percentage, double TreatmentP95Ms, double ControlP95Ms, string CaughtBy)
{
    public double Change => TreatmentP95Ms / ControlP95Ms - 1;
}
