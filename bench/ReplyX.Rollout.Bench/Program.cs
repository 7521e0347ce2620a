using BenchmarkDotNet.Running;
using ReplyX.Rollout.Bench;

switch (args.FirstOrDefault())
{
    case "simulate":
        var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        DecisionRuleSimulation.Time(() => DecisionRuleSimulation.Run(runs, Console.Out), Console.Out);
        DecisionRuleSimulation.Time(() => DecisionRuleSimulation.RunRamp(runs, Console.Out), Console.Out);
        DecisionRuleSimulation.Time(() => DecisionRuleSimulation.RunTransient(runs, Console.Out), Console.Out);
        DecisionRuleSimulation.Time(() => DecisionRuleSimulation.RunFloor(runs, Console.Out), Console.Out);
        DecisionRuleSimulation.Time(() => DecisionRuleSimulation.RunStall(runs, Console.Out), Console.Out);
        DecisionRuleSimulation.Time(() => DecisionRuleSimulation.EstimatorError(Console.Out), Console.Out);
        break;
    case "recall" when args.Length > 1:
        await RecallCurve.RunAsync(args[1], args.Length > 2 ? [.. args[2..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [1, 2, 4, 8, 12, 16, 50], Console.Out);
        break;
    case "ingest" when args.Length > 1:
        await IngestBench.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 64,
            args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 20, Console.Out);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(DecisionRuleSimulation).Assembly).Run(args);
        break;
}
