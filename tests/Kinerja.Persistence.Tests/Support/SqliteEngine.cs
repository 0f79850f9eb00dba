using System.Text.Json.Nodes;
using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.Timers;
using Kinerja.Persistence.Providers;
using Microsoft.Extensions.Time.Testing;

namespace Kinerja.Persistence.Tests.Support;

/// <summary>An engine on a real SQLite file in a temporary folder, with a fake clock.</summary>
internal sealed class SqliteEngine : IAsyncDisposable
{
    public static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8));

    private SqliteEngine(string folder, KinerjaDbContextFactory contexts, EfWorkflowStore store)
    {
        Folder = folder;
        Contexts = contexts;
        Store = store;
        Engine = new WorkflowEngine(Store, Timers, Notifications, Clock, new WorkingCalendarProvider(Calendar));
    }

    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, "kinerja.db");
    public KinerjaDbContextFactory Contexts { get; }
    public EfWorkflowStore Store { get; private set; }
    public FakeTimeProvider Clock { get; } = new(MondayMorning);
    public WorkingCalendar Calendar { get; } = BulelengCalendar.Create();
    public VirtualTimerScheduler Timers { get; } = new();
    public RecordingNotificationSink Notifications { get; } = new();
    public WorkflowEngine Engine { get; private set; }

    public static async Task<SqliteEngine> CreateAsync(string? folder = null)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "kinerja-tests", Guid.NewGuid().ToString("N"));
        var contexts = new KinerjaDbContextFactory(DatabaseSettings.SqliteFile(Path.Combine(folder, "kinerja.db")));
        await contexts.MigrateAsync();
        return new SqliteEngine(folder, contexts, new EfWorkflowStore(contexts));
    }

    /// <summary>Closes the store and opens the same file again, as a restarted host would.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Store = new EfWorkflowStore(Contexts);
        Engine = new WorkflowEngine(Store, Timers, Notifications, Clock, new WorkingCalendarProvider(Calendar));
    }

    public static IReadOnlyDictionary<string, JsonNode?> Variables(object values) =>
        System.Text.Json.JsonSerializer.SerializeToNode(values)!.AsObject().ToDictionary(p => p.Key, p => p.Value?.DeepClone());

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
