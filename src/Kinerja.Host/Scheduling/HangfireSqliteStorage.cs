using Hangfire.Storage.SQLite;
using SQLite;

namespace Kinerja.Host.Scheduling;

/// <summary>
/// Hangfire's SQLite storage on connections that SQLite itself serializes. The package opens its connections without
/// a mutex, yet a distributed lock's heartbeat timer renews the lock on its holder's connection while the holder is
/// still using it (raisedapp/Hangfire.Storage.SQLite#79, open): two threads in one unserialized connection crashed the
/// host in native code when 1,800 timer jobs fell due at once and the scheduler held its lock past a heartbeat.
/// <para>
/// Its commits do not wait for the disk (<c>synchronous=NORMAL</c> in WAL mode: a crash of the process loses nothing,
/// a power cut may lose the last transactions). Hangfire is the host's backstop, not its record: a timer is kept in
/// <c>timer_jobs</c> (host.db, flushed), which <see cref="NearTimers"/> fires from, a mail in <c>mail</c>, which the
/// minutely sweep sends, and the recurring jobs are registered again at every start. Flushed, Hangfire's own writes
/// (its schedulers' locks every second, some six transactions per completed task) were most of the disk flushes on
/// this machine, whose disk then made the engine's next flush wait up to seconds (docs/benchmarks.md, session 19).
/// </para>
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
        return new SQLiteStorage(new SQLiteDbConnectionFactory(() => Open(databasePath)), options);
    }

    /// <summary>A connection of the storage, as the storage opens each of them.</summary>
    internal static SQLiteConnection Open(string databasePath)
    {
        var connection = new SQLiteConnection(databasePath, OpenFlags, storeDateTimeAsTicks: true) { BusyTimeout = BusyTimeout };
        connection.ExecuteScalar<int>("PRAGMA synchronous=NORMAL");
        return connection;
    }
}
