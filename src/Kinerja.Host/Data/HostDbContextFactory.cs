using Kinerja.Persistence.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Kinerja.Host.Data;

/// <summary>Creates host contexts of the configured provider (SQLite file <c>host.db</c>, or the PostgreSQL database).</summary>
public sealed class HostDbContextFactory : IDbContextFactory<HostDbContext>
{
    /// <summary>The host's tables share a PostgreSQL database with the engine's, so their migrations are tracked apart.</summary>
    public const string MigrationsHistoryTable = "__host_migrations";

    private readonly DbContextOptions<SqliteHostDbContext>? _sqlite;
    private readonly DbContextOptions<PostgresHostDbContext>? _postgres;

    public HostDbContextFactory(DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            _sqlite = new DbContextOptionsBuilder<SqliteHostDbContext>()
                .UseSqlite(settings.ConnectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable))
                .AddInterceptors(new SqlitePragmas(settings.Synchronous))
                .Options;
        }
        else
        {
            _postgres = new DbContextOptionsBuilder<PostgresHostDbContext>()
                .UseNpgsql(settings.ConnectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable))
                .Options;
        }
    }

    public DatabaseSettings Settings { get; }

    public HostDbContext CreateDbContext() =>
        _sqlite is not null ? new SqliteHostDbContext(_sqlite) : new PostgresHostDbContext(_postgres!);

    public Task<HostDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(CreateDbContext());

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateDbContext();
        await db.Database.MigrateAsync(cancellationToken);
    }
}

/// <summary>For <c>dotnet ef migrations add … --context SqliteHostDbContext</c>.</summary>
internal sealed class SqliteHostDesignTimeFactory : IDesignTimeDbContextFactory<SqliteHostDbContext>
{
    public SqliteHostDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteHostDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsHistoryTable(HostDbContextFactory.MigrationsHistoryTable)).Options);
}

/// <summary>For <c>dotnet ef migrations add … --context PostgresHostDbContext</c>.</summary>
internal sealed class PostgresHostDesignTimeFactory : IDesignTimeDbContextFactory<PostgresHostDbContext>
{
    public PostgresHostDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresHostDbContext>()
            .UseNpgsql("Host=localhost;Database=kinerja_design", o => o.MigrationsHistoryTable(HostDbContextFactory.MigrationsHistoryTable)).Options);
}
