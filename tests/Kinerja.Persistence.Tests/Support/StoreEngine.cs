using System.Text.Json.Nodes;
using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.Timers;
using Kinerja.Persistence.Providers;
using Microsoft.Extensions.Time.Testing;

namespace Kinerja.Persistence.Tests.Support;

/// <summary>
/// An engine on a real database with a fake clock: a SQLite file in a temporary folder, or a fresh
/// database on the PostgreSQL server named by KINERJA_TEST_POSTGRES (scripts/test.sh starts one).
/// </summary>
internal sealed class StoreEngine : IAsyncDisposable
{
    public static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8));

    private StoreEngine(string folder, KinerjaDbContextFactory contexts, EfWorkflowStore store, string? postgresDatabase)
    {
        Folder = folder;
        Contexts = contexts;
        _postgresDatabase = postgresDatabase;
        Store = store;
        Engine = new WorkflowEngine(Store, Timers, Notifications, Clock, new WorkingCalendarProvider(Calendar));
    }

    private readonly string? _postgresDatabase;

    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, "kinerja.db");
    public KinerjaDbContextFactory Contexts { get; }
    public EfWorkflowStore Store { get; private set; }
    public FakeTimeProvider Clock { get; } = new(MondayMorning);
    public WorkingCalendar Calendar { get; } = BulelengCalendar.Create();
    public VirtualTimerScheduler Timers { get; } = new();
    public RecordingNotificationSink Notifications { get; } = new();
    public WorkflowEngine Engine { get; private set; }

    public static async Task<StoreEngine> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, string? folder = null, StoreOptions? options = null)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "kinerja-tests", Guid.NewGuid().ToString("N"));
        string? database = null;
        DatabaseSettings settings;
        if (provider == DatabaseProvider.Sqlite)
        {
            settings = DatabaseSettings.SqliteFile(Path.Combine(folder, "kinerja.db"));
        }
        else
        {
            database = "kinerja_test_" + Guid.NewGuid().ToString("N");
            await PostgresAdmin.ExecuteAsync($"CREATE DATABASE {database}");
            settings = new DatabaseSettings(DatabaseProvider.PostgreSql, PostgresAdmin.ConnectionString(database));
        }

        var contexts = new KinerjaDbContextFactory(settings);
        await contexts.MigrateAsync();
        return new StoreEngine(folder, contexts, new EfWorkflowStore(contexts, options), database);
    }

    /// <summary>Closes the store and opens the same file again, as a restarted host would.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        Store = new EfWorkflowStore(Contexts);
        Engine = new WorkflowEngine(Store, Timers, Notifications, Clock, new WorkingCalendarProvider(Calendar));
    }

    public static IReadOnlyDictionary<string, JsonNode?> Variables(object values) =>
        System.Text.Json.JsonSerializer.SerializeToNode(values)!.AsObject().ToDictionary(p => p.Key, p => p.Value?.DeepClone());

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgresDatabase is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await PostgresAdmin.ExecuteAsync($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)");
        }

        try
        {
            if (Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
