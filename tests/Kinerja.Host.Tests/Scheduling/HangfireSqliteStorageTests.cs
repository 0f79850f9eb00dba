using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using Kinerja.Host.Scheduling;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kinerja.Host.Tests.Scheduling;

/// <summary>
/// Hangfire's SQLite storage survives a distributed lock's heartbeat renewing the lock on the connection its holder is
/// using at that moment: the storage's connections are serialized by SQLite, so the two threads take turns instead of
/// corrupting the connection (which crashed the host in native code, killing the process).
/// </summary>
public sealed class HangfireSqliteStorageTests : IDisposable
{
    private const string Resource = "heartbeat-race";
    private const int RenewalsToSee = 25;
    private readonly string _folder = Directory.CreateTempSubdirectory("kinerja-hangfire-").FullName;

    public HangfireSqliteStorageTests()
    {
        // The storage is used here without a host. Hangfire's log provider is process-wide and the last host that ran
        // (tests run one after another) left it on its own logger factory, disposed with it.
        GlobalConfiguration.Configuration.UseLogProvider(new AspNetCoreLogProvider(NullLoggerFactory.Instance));
    }

    [Fact]
    public void ALockHeldWhileItsHolderWorks_IsRenewedByItsHeartbeat_AndEveryWriteOfTheHolderIsKept()
    {
        var path = Path.Combine(_folder, "hangfire.db");
        using var storage = HangfireSqliteStorage.Create(path, new SQLiteStorageOptions
        {
            JournalMode = SQLiteStorageOptions.JournalModes.WAL,
            // The heartbeat renews every fifth of the lifetime: here every 2 ms, while the holder keeps the connection busy.
            DistributedLockLifetime = TimeSpan.FromMilliseconds(10),
        });
        using var observer = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        observer.Open();
        using var expiry = observer.CreateCommand();
        expiry.CommandText = "SELECT ExpireAt FROM DistributedLock WHERE Resource = $resource";
        expiry.Parameters.AddWithValue("$resource", "HangFire:" + Resource); // the storage's key for Hangfire's resource

        using var connection = (JobStorageConnection)storage.GetConnection();
        var written = 0;
        var renewals = new HashSet<long>();
        using (connection.AcquireDistributedLock(Resource, TimeSpan.FromSeconds(5)))
        {
            // The holder writes and reads on its own connection until the heartbeat has renewed the lock many times over.
            while (renewals.Count < RenewalsToSee && written < 200_000)
            {
                var field = $"field-{written}";
                connection.SetRangeInHash("work", [new KeyValuePair<string, string>(field, $"value-{written}")]);
                Assert.Equal($"value-{written}", connection.GetValueFromHash("work", field));
                written++;
                if (written % 20 == 0 && expiry.ExecuteScalar() is long ticks)
                {
                    renewals.Add(ticks);
                }
            }
        }

        Assert.True(renewals.Count >= RenewalsToSee, $"the heartbeat renewed the lock {renewals.Count} times during {written} writes");
        var kept = connection.GetAllEntriesFromHash("work");
        Assert.Equal(written, kept.Count);
        Assert.Null(expiry.ExecuteScalar()); // released
    }

    [Fact]
    public void TheStoragesConnections_CommitWithoutWaitingForTheDisk_InWalMode()
    {
        var path = Path.Combine(_folder, "hangfire.db");
        using (var storage = HangfireSqliteStorage.Create(path, new SQLiteStorageOptions { JournalMode = SQLiteStorageOptions.JournalModes.WAL }))
        using (var connection = storage.GetConnection())
        {
            connection.SetRangeInHash("probe", [new KeyValuePair<string, string>("field", "value")]);
        }

        using var opened = HangfireSqliteStorage.Open(path);
        Assert.Equal(1, opened.ExecuteScalar<int>("PRAGMA synchronous")); // NORMAL
        Assert.Equal("wal", opened.ExecuteScalar<string>("PRAGMA journal_mode"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
