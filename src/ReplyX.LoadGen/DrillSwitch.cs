namespace ReplyX.LoadGen;

/// <summary>
/// The drill the simulated users carry right now (<c>X-ReplyX-Drill</c>): set at start from <c>LoadGen:Drill</c>,
/// switched at run time with <c>PUT /drill</c> so a team can rehearse a rollback without restarting anything.
/// </summary>
public sealed class DrillSwitch(Microsoft.Extensions.Options.IOptions<LoadOptions> options)
{
    private string _current = options.Value.Drill;

    public string Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value ?? "");
    }
}
