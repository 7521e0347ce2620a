namespace ReplyX.Rollout.AppHost.Rollouts;

/// <summary>
/// The rollout the team is watching, as a resource of the dashboard: its state is the newest run's headline
/// (<c>Ramping 25%</c>, <c>RolledBack</c>), its URL the run's report, its commands the CLI's verbs.
/// </summary>
internal sealed class RolloutResource(string name) : Resource(name)
{
    /// <summary>The run the commands act on: the newest run the watcher saw, or none yet.</summary>
    public Guid? CurrentRun { get; set; }
}
