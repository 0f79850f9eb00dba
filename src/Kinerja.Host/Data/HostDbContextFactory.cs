using Kinerja.Persistence.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kinerja.Host.Data;

/// <summary>Creates host contexts of the configured provider (SQLite file <c>host.db</c>, or the PostgreSQL database).</summary>
/// <param name="interceptors">Added to every context's (tests count transactions with one).</param>
public sealed class HostDbContextFactory(DatabaseSettings settings, params IReadOnlyList<IInterceptor> interceptors)
    : ProviderDbContextFactory<HostDbContext, SqliteHostDbContext, PostgresHostDbContext>(
        settings, MigrationsHistoryTable, options => new SqliteHostDbContext(options), options => new PostgresHostDbContext(options), interceptors)
{
    /// <summary>The host's tables share a PostgreSQL database with the engine's, so their migrations are tracked apart.</summary>
    public const string MigrationsHistoryTable = "__host_migrations";
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
