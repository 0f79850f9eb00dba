using System.Data.Common;
using Kinerja.Host.Data;
using Kinerja.Host.Scheduling;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Tests.Data;

/// <summary>
/// Rows whose key starts with a prefix are found through the key's index on the host's SQLite database, and they are
/// exactly those rows: not the neighbours that sort just before or after them.
/// </summary>
public sealed class KeyPrefixTests
{
    [Fact]
    public async Task TheOccurrencesOfATimer_AreSearchedInTheKeysIndex_AndAreExactlyTheRowsWithThePrefix()
    {
        await using var host = await KinerjaHost.StartAsync();
        await using var db = host.HostDb();
        string[] keys = ["abc#0", "abc#1", "abc#12", "abc", "abc\"", "abc$", "abc$0", "abd#0", "ab#0", "abc#"];
        db.TimerJobs.AddRange(keys.Select(k => new TimerJob { TimerId = k, Payload = "{}", DueAt = host.Clock.GetUtcNow() }));
        await db.SaveChangesAsync();

        var query = db.TimerJobs.AsNoTracking().Where(KeyPrefix.StartsWith<TimerJob>(db.Database, t => t.TimerId, TimerJob.OccurrencePrefix("abc")));

        Assert.Equal(["abc#", "abc#0", "abc#1", "abc#12"], (await query.Select(t => t.TimerId).ToListAsync()).Order(StringComparer.Ordinal));
        var plan = await QueryPlanAsync(query);
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal) && step.Contains("sqlite_autoindex_timer_jobs_1", StringComparison.Ordinal)); // the key's index

        // What StartsWith gives instead (shown here so that the test above says something): a scan of every row.
        Assert.Contains(await QueryPlanAsync(db.TimerJobs.Where(t => t.TimerId.StartsWith("abc#"))), step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("abc#", "abc$")]
    [InlineData("x/", "x0")]
    [InlineData("a", "b")]
    public void TheBoundAbovePrefixes_IsThePrefixWithItsLastCharacterRaised(string prefix, string next) =>
        Assert.Equal(next, KeyPrefix.Next(prefix));

    [Theory]
    [InlineData("")]
    [InlineData("abé")]
    [InlineData("ab\x7f")]
    public void APrefixThatIsEmptyOrNotAscii_IsRefused(string prefix) =>
        Assert.ThrowsAny<ArgumentException>(() => KeyPrefix.Next(prefix));

    private static async Task<List<string>> QueryPlanAsync<T>(IQueryable<T> query)
    {
        await using DbCommand command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        if (command.Connection!.State != System.Data.ConnectionState.Open)
        {
            await command.Connection.OpenAsync();
        }

        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }
}
