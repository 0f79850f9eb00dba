using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Kinerja.Benchmarks;

/// <summary>Transactions per second.</summary>
internal sealed record CeilingResult(int Clients, long Transactions, TimeSpan Elapsed)
{
    public double TransactionsPerSecond => Transactions / Elapsed.TotalSeconds;
}

/// <summary>
/// What SQLite itself manages on this disk with the store's file settings (WAL and the same
/// <c>synchronous</c>): one single-row INSERT per transaction, straight through Microsoft.Data.Sqlite.
/// </summary>
internal static class SqliteCeiling
{
    private static readonly string Payload = new('x', 200);

    /// <summary>
    /// <paramref name="warmUp"/> first (on a fresh file the WAL still grows then, and each fsync also
    /// writes the file's new size), then <paramref name="duration"/> in the steady state a running database is in.
    /// </summary>
    public static (CeilingResult WarmUp, CeilingResult Steady) Sequential(string path, string synchronous, TimeSpan warmUp, TimeSpan duration)
    {
        using var connection = Open(path, synchronous);
        Execute(connection, "CREATE TABLE IF NOT EXISTS ceiling (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);");
        var first = Run(connection, warmUp, 1);
        return (first, Run(connection, duration, 1));
    }

    /// <summary>Both measurements together: the disk's speed can change during a run, so the ceiling is measured before and after.</summary>
    public static CeilingResult Combine(CeilingResult a, CeilingResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new CeilingResult(1, a.Transactions + b.Transactions, a.Elapsed + b.Elapsed);
    }

    /// <summary>The same, from <paramref name="clients"/> connections at once (SQLite still has one writer at a time).</summary>
    public static CeilingResult Concurrent(string path, string synchronous, int clients, TimeSpan duration)
    {
        using (var setup = Open(path, synchronous))
        {
            Execute(setup, "CREATE TABLE IF NOT EXISTS ceiling (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);");
        }

        using var barrier = new Barrier(clients);
        var started = Stopwatch.GetTimestamp();
        var counts = new long[clients];
        var threads = Enumerable.Range(0, clients).Select(i => new Thread(() =>
        {
            using var connection = Open(path, synchronous);
            barrier.SignalAndWait();
            counts[i] = Run(connection, duration, clients).Transactions;
        })
        { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return new CeilingResult(clients, counts.Sum(), Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// What one pooled connection open costs with and without the store's pragma line (it runs on every
    /// open, pooled or not), in microseconds.
    /// </summary>
    public static (double PlainMicroseconds, double WithPragmasMicroseconds) OpenCost(string path, string synchronous, int iterations)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        var pragmas = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

        double Measure(bool withPragmas)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++)
            {
                using var connection = new SqliteConnection(connectionString);
                connection.Open();
                if (withPragmas)
                {
                    Execute(connection, pragmas);
                }

                using var read = connection.CreateCommand();
                read.CommandText = "SELECT 1;";
                read.ExecuteScalar();
            }

            return Stopwatch.GetElapsedTime(start).TotalMicroseconds / iterations;
        }

        Measure(true); // warm the pool
        var plain = Measure(false);
        var with = Measure(true);
        return (plain, with);
    }

    private static CeilingResult Run(SqliteConnection connection, TimeSpan duration, int clients)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO ceiling (payload) VALUES ($payload);";
        insert.Parameters.AddWithValue("$payload", Payload);
        insert.Prepare();
        long transactions = 0;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            insert.ExecuteNonQuery();
            transaction.Commit();
            transactions++;
        }

        return new CeilingResult(clients, transactions, Stopwatch.GetElapsedTime(started));
    }

    private static SqliteConnection Open(string path, string synchronous)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
