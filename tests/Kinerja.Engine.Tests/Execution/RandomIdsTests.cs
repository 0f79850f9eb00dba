using Kinerja.Engine.Execution;

namespace Kinerja.Engine.Tests.Execution;

public sealed class RandomIdsTests
{
    [Fact]
    public void Ids_are_32_lowercase_hex_digits_and_never_repeat_across_draws()
    {
        // 1,000 ids span 63 draws of sixteen: an id handed out twice within a draw or a draw not renewed would repeat.
        var ids = Enumerable.Range(0, 1000).Select(_ => RandomIds.NewId()).ToList();

        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Threads_drawing_at_once_get_distinct_ids()
    {
        // Eight threads of their own, released together: each draws from its own buffer while the others draw.
        const int Threads = 8;
        using var start = new Barrier(Threads);
        var perThread = new List<string>[Threads];
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            perThread[t] = Enumerable.Range(0, 200).Select(_ => RandomIds.NewId()).ToList();
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        var all = perThread.SelectMany(ids => ids).ToList();
        Assert.Equal(Threads * 200, all.Count);
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }
}
