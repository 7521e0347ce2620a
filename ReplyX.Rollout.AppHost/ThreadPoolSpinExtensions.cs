namespace ReplyX.Rollout.AppHost;

/// <summary>
/// On a small host shared by several .NET services and PostgreSQL, the thread pool's idle workers spin before they
/// sleep, and every spin is CPU the database does not get. Measured on this 2-core machine at 100 requests/s of
/// background load: 56-66k context switches a second with spinning (38k/s from three idle workers of the workload
/// alone), 8-9k/s without. Phase 04's capacity gate at its full 200 requests/s on top of that load passed 6 of 6
/// times without spinning (p95 20-48 ms); the end-to-end run before the change had collapsed at p95 3.4 s.
/// <c>ReplyX:ThreadPoolSpin=true</c> keeps the runtime's default.
/// </summary>
internal static class ThreadPoolSpinExtensions
{
    public const string Setting = "ReplyX:ThreadPoolSpin";

    public static IResourceBuilder<ProjectResource> WithoutThreadPoolSpinning(this IResourceBuilder<ProjectResource> project, string? keepSpinning) =>
        bool.TryParse(keepSpinning, out var keep) && keep
            ? project
            : project.WithEnvironment("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0");
}
