using System.Diagnostics;

namespace Kinerja.Host.Tests.Support;

/// <summary>
/// Waits, bounded, for what the host does on threads of its own (the mail pump's send, Hangfire's real scheduler, the idle
/// checkpointer). No deadline is measured this way: a deadline is moved with the fake clock.
/// </summary>
internal static class Poll
{
    /// <summary>Reads until <paramref name="done"/> holds or <paramref name="limit"/> has passed; returns the last value read, for the test to assert on.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan limit, TimeSpan interval)
    {
        var watch = Stopwatch.StartNew();
        var value = await read();
        while (!done(value) && watch.Elapsed < limit)
        {
            await Task.Delay(interval);
            value = await read();
        }

        return value;
    }
}
