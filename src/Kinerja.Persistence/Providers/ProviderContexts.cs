using Microsoft.EntityFrameworkCore;

namespace Kinerja.Persistence.Providers;

// One context type per provider, each with its own migrations (SQLite and PostgreSQL types differ).

public sealed class SqliteKinerjaDbContext(DbContextOptions<SqliteKinerjaDbContext> options) : KinerjaDbContext(options);

public sealed class PostgresKinerjaDbContext(DbContextOptions<PostgresKinerjaDbContext> options) : KinerjaDbContext(options);
