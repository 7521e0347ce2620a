using BenchmarkDotNet.Running;
using ReplyX.Rollout.Bench;

switch (args.FirstOrDefault())
{
    case "estimator":
        EstimatorError.Run(Console.Out);
        break;
    case "decide":
        var rampRuns = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200;
        int[] rates = args.Length > 2 ? [.. args[2..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [20, 100, 1000];
        ReplyX.Rollout.Bench.Decisions.DecisionBench.Run(rampRuns, rates, Console.Out);
        break;
    case "recall" when args.Length > 1:
        await RecallCurve.RunAsync(args[1], args.Length > 2 ? [.. args[2..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [1, 2, 4, 8, 12, 16, 50], Console.Out);
        break;
    case "ingest" when args.Length > 1:
        await IngestBench.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 64,
            args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 20, Console.Out);
        break;
    case "backfill" when args.Length > 1:
        await BackfillBench.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
            args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 8, Console.Out);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(EstimatorError).Assembly).Run(args);
        break;
}
