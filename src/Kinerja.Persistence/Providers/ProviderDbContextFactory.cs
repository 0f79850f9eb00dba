using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kinerja.Persistence.Providers;

/// <summary>
/// Creates contexts of the configured provider, each provider with its own context type (and so its own
/// migrations): the SQLite one gets the store's pragmas on every connection. The engine's and the host's
/// factories are this with their context types.
/// </summary>
public abstract class ProviderDbContextFactory<TContext, TSqlite, TPostgres> : IDbContextFactory<TContext>
    where TContext : DbContext
    where TSqlite : TContext
    where TPostgres : TContext
{
    private readonly Func<TContext> _create;

    /// <param name="settings">The provider and connection.</param>
    /// <param name="migrationsHistoryTable">Where the migrations are tracked, when not EF Core's default table.</param>
    /// <param name="sqlite">Makes the SQLite context from its options.</param>
    /// <param name="postgres">Makes the PostgreSQL context from its options.</param>
    /// <param name="interceptors">Added to every context's (for tests that count what reaches the database).</param>
    protected ProviderDbContextFactory(
        DatabaseSettings settings,
        string? migrationsHistoryTable,
        Func<DbContextOptions<TSqlite>, TSqlite> sqlite,
        Func<DbContextOptions<TPostgres>, TPostgres> postgres,
        IReadOnlyList<IInterceptor>? interceptors = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sqlite);
        ArgumentNullException.ThrowIfNull(postgres);
        Settings = settings;
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            SqliteLibrary.Configure();
            var options = new DbContextOptionsBuilder<TSqlite>()
                .UseSqlite(settings.ConnectionString, o =>
                {
                    if (migrationsHistoryTable is not null)
                    {
                        o.MigrationsHistoryTable(migrationsHistoryTable);
                    }
                })
                .AddInterceptors([new SqlitePragmas(settings.Synchronous), .. interceptors ?? []])
                .Options;
            _create = () => sqlite(options);
        }
        else
        {
            var options = new DbContextOptionsBuilder<TPostgres>()
                .UseNpgsql(settings.ConnectionString, o =>
                {
                    if (migrationsHistoryTable is not null)
                    {
                        o.MigrationsHistoryTable(migrationsHistoryTable);
                    }
                })
                .AddInterceptors(interceptors ?? [])
                .Options;
            _create = () => postgres(options);
        }
    }

    public DatabaseSettings Settings { get; }

    public TContext CreateDbContext() => _create();

    public Task<TContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());

    /// <summary>Creates or upgrades the schema to the latest migration.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateDbContext();
        await db.Database.MigrateAsync(cancellationToken);
    }
}
