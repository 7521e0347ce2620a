using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Primitives.Statistics;

namespace ReplyX.Rollout.Bench;

/// <summary>
/// <c>bench estimator</c>: how far the histogram's p95 (<see cref="LatencyHistogram.Quantile"/>, what every guardrail
/// reads) lies from the exact p95 of the same samples, per exponential scale.
/// </summary>
internal static class EstimatorError
{
    public static void Run(TextWriter output)
    {
        output.WriteLine("p95 estimation error of the histogram estimator against the exact p95 of the same samples (1,000 trials of 10,000 samples):");
        foreach (var model in new[] { LatencyModel.Lognormal, LatencyModel.HeavyTail })
        {
            foreach (var scale in new[] { 3, 4, 5 })
            {
                var errors = new List<double>();
                var random = new Random(42 + scale);
                for (var trial = 0; trial < 1000; trial++)
                {
                    var histogram = new LatencyHistogram(scale);
                    var samples = new double[10_000];
                    for (var i = 0; i < samples.Length; i++)
                    {
                        samples[i] = model.Sample(random, 0);
                        histogram.Record(samples[i]);
                    }

                    Array.Sort(samples);
                    var exact = Percentiles.NearestRank(samples, 0.95);
                    errors.Add(Math.Abs(histogram.Quantile(0.95)!.Value / exact - 1));
                }

                errors.Sort();
                output.WriteLine($"  {model.Name}, scale {scale}: median {errors[500]:P2}, p99 {errors[990]:P2}, max {errors[^1]:P2}");
            }
        }
    }
}
