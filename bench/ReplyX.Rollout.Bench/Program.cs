using BenchmarkDotNet.Running;
using ReplyX.Rollout.Bench;

switch (args.FirstOrDefault())
{
    case "simulate":
        var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        DecisionRuleSimulation.Time(() => DecisionRuleSimulation.Run(runs, Console.Out), Console.Out);
        DecisionRuleSimulation.Time(() => DecisionRuleSimulation.RunRamp(runs, Console.Out), Console.Out);
        DecisionRuleSimulation.Time(() => DecisionRuleSimulation.EstimatorError(Console.Out), Console.Out);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(DecisionRuleSimulation).Assembly).Run(args);
        break;
}
