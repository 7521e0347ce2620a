using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Risks;

namespace ReplyX.Rollout.Controller.Phases;

/// <summary>The phases folder, read afresh on each request so an edited file is validated before it runs.</summary>
public sealed class PhaseCatalog(IOptions<ControllerOptions> options, IHostEnvironment environment)
{
    public string Directory { get; } = options.Value.PhasesDirectory ?? FindPhases(environment.ContentRootPath);

    public PhaseSet Load() => PhaseLoader.Load([Directory]);

    private static string FindPhases(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "phases", RiskRegister.FileName)))
            {
                return Path.Combine(dir.FullName, "phases");
            }
        }

        return Path.Combine(start, "phases");
    }
}
