using Kinerja.Engine.History;
using Kinerja.Engine.Storage;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Tests.Support;
using Kinerja.Testing;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Persistence.Tests;

/// <summary>
/// What the writer's statements bind comes back as it was given, on either provider (on SQLite they run on the native
/// statement, bound by position), and a key already taken is a lost race, not a broken transaction.
/// </summary>
public sealed class WriterStatementTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task TextOfEveryLength_IsStoredAsGiven_EmptyIsNotNull(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync("four", businessKey: "Bagian Organisasi — Buleleng ᬩᬸᬮᬾᬮᬾᬂ");
        var loaded = (await store.Store.LoadInstanceAsync(instance.Id))!;
        var loadedAt = loaded.Revision;
        loaded.Revision++;
        var at = new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
        // Short text, text just under and over the size encoded on the stack (512 UTF-8 bytes), and long text with
        // characters of two, three and four UTF-8 bytes.
        string[] texts =
        [
            string.Empty,
            "é",
            new string('a', 511),
            new string('é', 256),
            string.Concat(Enumerable.Repeat("Data kinerja SKPD ✓ 😀 ", 400)),
        ];
        var entries = texts.Select((text, i) => new HistoryEntry(instance.Id, at.AddSeconds(i), HistoryKind.VariablesSet, null, null, text, text, null)).ToList();
        // The state JSON is bound as the serializer's UTF-8 (Utf8Text), not as a string.
        loaded.Variables["catatan"] = texts[^1];

        await store.Store.CommitAsync(new EngineCommit([new InstanceWrite(loaded, loadedAt, SubscriptionsChanged: false, HeaderChanged: false)], [], entries, [], [], null, null));
        await store.ReopenAsync();

        var stored = (await store.Store.GetHistoryAsync(instance.Id)).Where(h => h.At >= at).ToList();
        Assert.Equal(entries, stored);
        var reloaded = (await store.Store.LoadInstanceAsync(instance.Id))!;
        Assert.Equal("Bagian Organisasi — Buleleng ᬩᬸᬮᬾᬮᬾᬂ", reloaded.BusinessKey);
        Assert.Equal(texts[^1], reloaded.Variables["catatan"]!.GetValue<string>());
        if (provider == DatabaseProvider.Sqlite)
        {
            // Stored as TEXT, as Microsoft.Data.Sqlite and EF Core read it; bytes bound as a BLOB would not be.
            await using var db = store.Contexts.CreateDbContext();
            var types = await db.Database.SqlQueryRaw<string>("SELECT DISTINCT typeof(\"StateJson\") AS \"Value\" FROM instances").ToListAsync();
            Assert.Equal(["text"], types);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ACommitWhoseKeyIsTaken_LosesItsRace_AndTheCommitsBesideItAreKept(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync("four");
        var at = new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
        EngineCommit Commit(string actor, string key) => new(
            [], [], [new HistoryEntry(instance.Id, at, HistoryKind.VariablesSet, null, null, actor, null, null)], [], [], key, "result");

        // Handed over together, so they are applied in one transaction: the second use of the key fails on its unique index.
        var first = store.Store.CommitAsync(Commit("first", "same-key"));
        var second = store.Store.CommitAsync(Commit("second", "same-key"));
        var third = store.Store.CommitAsync(Commit("third", "other-key"));

        await first;
        var lost = await Assert.ThrowsAsync<ConcurrencyException>(() => second);
        await third;
        Assert.NotNull(lost.InnerException);
        var actors = (await store.Store.GetHistoryAsync(instance.Id)).Where(h => h.At == at).Select(h => h.Actor).Order(StringComparer.Ordinal);
        Assert.Equal(["first", "third"], actors);
    }
}
