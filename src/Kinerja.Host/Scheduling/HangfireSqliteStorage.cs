using Hangfire.Storage.SQLite;
using SQLite;

namespace Kinerja.Host.Scheduling;

/// <summary>
/// Hangfire's SQLite storage on connections that SQLite itself serializes. The package opens its connections without
/// a mutex, yet a distributed lock's heartbeat timer renews the lock on its holder's connection while the holder is
/// still using it (raisedapp/Hangfire.Storage.SQLite#79, open): two threads in one unserialized connection crashed the
/// host in native code when 1,800 timer jobs fell due at once and the scheduler held its lock past a heartbeat.
/// </summary>
public static class HangfireSqliteStorage
{
    /// <summary>How long a connection waits for another one's write lock before it fails (the package's own value).</summary>
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The flags every connection of the storage is opened with.</summary>
    private const SQLiteOpenFlags OpenFlags = SQLiteOpenFlags.ReadWrite | SQLiteOpenFlags.Create | SQLiteOpenFlags.FullMutex;

    public static SQLiteStorage Create(string databasePath, SQLiteStorageOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(options);
        return new SQLiteStorage(
            new SQLiteDbConnectionFactory(() => new SQLiteConnection(databasePath, OpenFlags, storeDateTimeAsTicks: true) { BusyTimeout = BusyTimeout }),
            options);
    }
}
