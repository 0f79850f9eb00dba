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
    public async Task Threads_drawing_at_once_get_distinct_ids()
    {
        var perThread = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 200).Select(_ => RandomIds.NewId()).ToList())));

        var all = perThread.SelectMany(ids => ids).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }
}
