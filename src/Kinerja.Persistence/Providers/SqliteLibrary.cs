using SQLitePCL;

namespace Kinerja.Persistence.Providers;

/// <summary>
/// Settings of the SQLite library itself, for the whole process: they can only be made before its first connection opens.
/// Memory statistics are turned off. The bundled library keeps them by default, and then every allocation and free SQLite
/// makes, in every connection, takes one mutex shared by the whole process; with a burst's requests reading and the
/// writer writing at once, they wait for each other on it. SQLite's own recommended compile-time options turn it off
/// (<c>SQLITE_DEFAULT_MEMSTATUS=0</c>); nothing here reads the statistics.
/// </summary>
public static class SqliteLibrary
{
    private static readonly Lazy<bool> Configured = new(ConfigureNow);

    /// <summary>
    /// Makes the settings, once per process; call before the first connection opens (the store's factories do).
    /// </summary>
    /// <returns>False when SQLite had been started before (a connection opened first): it then runs as it was.</returns>
    public static bool Configure() => Configured.Value;

    private static bool ConfigureNow()
    {
        Batteries_V2.Init();
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
    }
}
