namespace Kinerja.Persistence.Providers;

public enum DatabaseProvider
{
    /// <summary>A SQLite file: the embedded default, one machine.</summary>
    Sqlite,

    /// <summary>PostgreSQL: when one machine is not enough.</summary>
    PostgreSql,
}
