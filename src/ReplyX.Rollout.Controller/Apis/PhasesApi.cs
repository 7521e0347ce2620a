using Microsoft.AspNetCore.Http.HttpResults;
using ReplyX.Rollout.Controller.Model;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Controller.Apis;

internal static class PhasesApi
{
    public static RouteGroupBuilder MapPhasesApi(this RouteGroupBuilder api)
    {
        var phases = api.MapGroup("/phases").WithTags("Phases");
        phases.MapGet("/", ListPhases).WithName("ListPhases").WithSummary("Phases in the phases folder, with their validation");
        return phases;
    }

    public static Ok<IReadOnlyList<PhaseSummary>> ListPhases([AsParameters] ControllerServices services)
    {
        var set = services.Phases.Load();
        return TypedResults.Ok<IReadOnlyList<PhaseSummary>>([.. set.Phases.Select(p =>
        {
            var diagnostics = set.Diagnostics.Where(d => d.File == p.SourceFile).Select(d => d.ToString()).ToList();
            return new PhaseSummary(p.Id, p.Title, p.Flag, p.Risks, p.Ramp.Stages, Durations.Format(p.Ramp.Bake),
                !set.Diagnostics.Any(d => d.IsError && d.File == p.SourceFile), diagnostics);
        })]);
    }
}
