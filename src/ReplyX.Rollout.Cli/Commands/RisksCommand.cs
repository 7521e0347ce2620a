using System.CommandLine;
using System.Text.Json;
using ReplyX.Rollout.Cli.Api;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary><c>replyx-rollout risks</c>: the register with the continuous monitor's status of each risk, its last reading and last alert.</summary>
internal static class RisksCommand
{
    public static Command Create()
    {
        var command = new Command("risks", "The risk register with the continuous monitor's view: status, last reading, last alert.");
        command.SetAction((r, ct) => RolloutCommands.RunAsync(r, async (client, output) =>
        {
            var document = await client.GetJsonAsync("/api/risks", ct);
            var monitor = document.GetProperty("monitor");
            await output.WriteLineAsync($"Risk monitor: {(monitor.GetProperty("enabled").GetBoolean() ? $"every {monitor.GetProperty("intervalSeconds").GetDouble():0} s" : "off")}, DB CPU from {monitor.GetProperty("cpuSource").GetString()}");
            foreach (var risk in document.GetProperty("risks").EnumerateArray())
            {
                await output.WriteLineAsync($"{risk.GetProperty("id").GetString()} {risk.GetProperty("name").GetString()} ({risk.GetProperty("level").GetString()}): {risk.GetProperty("status").GetString()}");
                foreach (var rule in risk.GetProperty("rules").EnumerateArray())
                {
                    await output.WriteLineAsync($"    {rule.GetProperty("id").GetString(),-16} {rule.GetProperty("status").GetString(),-12} {rule.GetProperty("reading").GetString()} {rule.GetProperty("threshold").GetString()} -> {rule.GetProperty("action").GetString()}: {Text(rule, "lastReading") ?? "-"}");
                    if (Text(rule, "lastAlertAt") is { } at)
                    {
                        await output.WriteLineAsync($"    {"",-16} last alert {at}: {Text(rule, "lastAlert")?.Split('\n')[0]}");
                    }
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;
}
