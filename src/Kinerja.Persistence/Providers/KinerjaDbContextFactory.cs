using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace Kinerja.Persistence.Providers;

/// <summary>How to reach the database.</summary>
/// <param name="Synchronous">SQLite's synchronous setting; FULL keeps every acknowledged commit through a power cut.</param>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, string Synchronous = "FULL")
{
    /// <summary>A SQLite file at <paramref name="path"/> (its folder is created).</summary>
    public static DatabaseSettings SqliteFile(string path, string synchronous = "FULL")
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString();
        return new DatabaseSettings(DatabaseProvider.Sqlite, connection, synchronous);
    }

    /// <summary>
    /// An open connection of this provider for hand-written SQL. A SQLite connection that will write gets the
    /// store's pragmas; one that only reads needs none (WAL is a property of the file, and the driver itself
    /// waits out a busy database).
    /// </summary>
    public async Task<DbConnection> OpenConnectionAsync(bool forWriting, CancellationToken cancellationToken = default)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteLibrary.Configure();
        }

        DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(ConnectionString)
            : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (forWriting && Provider == DatabaseProvider.Sqlite)
        {
            await SqlitePragmas.ApplyAsync(connection, Synchronous, cancellationToken);
        }

        return connection;
    }
}

/// <summary>Creates the engine's contexts of the configured provider; the store and the host ask it, not the providers.</summary>
public sealed class KinerjaDbContextFactory(DatabaseSettings settings)
    : ProviderDbContextFactory<KinerjaDbContext, SqliteKinerjaDbContext, PostgresKinerjaDbContext>(
        settings, migrationsHistoryTable: null, options => new SqliteKinerjaDbContext(options), options => new PostgresKinerjaDbContext(options))
{
    /// <inheritdoc cref="DatabaseSettings.OpenConnectionAsync"/>
    public Task<DbConnection> OpenConnectionAsync(bool forWriting, CancellationToken cancellationToken = default) =>
        Settings.OpenConnectionAsync(forWriting, cancellationToken);
}

/// <summary>For <c>dotnet ef migrations add … --context SqliteKinerjaDbContext</c>.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKinerjaDbContext>
{
    public SqliteKinerjaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteKinerjaDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>For <c>dotnet ef migrations add … --context PostgresKinerjaDbContext</c>.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKinerjaDbContext>
{
    public PostgresKinerjaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresKinerjaDbContext>().UseNpgsql("Host=localhost;Database=kinerja_design").Options);
}
