namespace ReplyX.Api.Data.Seeding;

/// <summary>
/// The shape of the seeded chat history, computed before any row is written: which dialog each message
/// belongs to and when it was sent. Messages are interleaved across dialogs in time order, as in a real
/// table, and dialog lengths are skewed (a few long support threads, many short ones).
/// </summary>
internal sealed class SeedPlan
{
    private readonly int _users;

    private SeedPlan(int users, long[] dialogCreated, long[] dialogUpdated, int[] messageDialog, long[] messageTicks)
    {
        _users = users;
        DialogCreated = dialogCreated;
        DialogUpdated = dialogUpdated;
        MessageDialog = messageDialog;
        MessageTicks = messageTicks;
    }

    /// <summary>Ticks after the epoch, per dialog (index = id - 1).</summary>
    public long[] DialogCreated { get; }

    public long[] DialogUpdated { get; }

    /// <summary>Dialog index per message, in id order.</summary>
    public int[] MessageDialog { get; }

    public long[] MessageTicks { get; }

    /// <summary>Dialog <c>d</c> belongs to user <c>d mod users + 1</c>: every user has the same number of dialogs.</summary>
    public long DialogOwner(int dialogIndex) => (dialogIndex % _users) + 1;

    public static SeedPlan Create(DatasetSize size, int seed)
    {
        var random = new Random(seed);
        var history = TimeSpan.FromDays(365).Ticks;
        var dialogs = size.Dialogs;
        var created = new long[dialogs];
        var cumulative = new double[dialogs];
        double total = 0;
        for (var d = 0; d < dialogs; d++)
        {
            created[d] = (long)(random.NextDouble() * history * 0.9);
            // Log-normal thread lengths: median ~7 messages, a tail of threads with hundreds.
            total += Math.Exp(random.NextDouble() * 2.0 + (random.NextDouble() < 0.02 ? 3.0 : 0.0));
            cumulative[d] = total;
        }

        var messages = size.Messages;
        var pairs = new (long Ticks, int Dialog)[messages];
        for (var i = 0; i < messages; i++)
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
            var dialog = index >= 0 ? index : Math.Min(~index, dialogs - 1);
            var start = created[dialog];
            pairs[i] = (start + (long)(random.NextDouble() * (history - start)), dialog);
        }

        Array.Sort(pairs);
        var updated = (long[])created.Clone();
        var messageDialog = new int[messages];
        var messageTicks = new long[messages];
        for (var i = 0; i < messages; i++)
        {
            messageDialog[i] = pairs[i].Dialog;
            messageTicks[i] = pairs[i].Ticks;
            updated[pairs[i].Dialog] = Math.Max(updated[pairs[i].Dialog], pairs[i].Ticks);
        }

        return new SeedPlan(size.Users, created, updated, messageDialog, messageTicks);
    }
}
