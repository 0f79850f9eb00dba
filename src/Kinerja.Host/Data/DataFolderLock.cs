using Kinerja.Host.Configuration;

namespace Kinerja.Host.Data;

/// <summary>
/// The data folder held by this host while it runs. On SQLite one host process writes the database files, and the store
/// counts on it (<c>StoreOptions.SoleWriter</c>: its copies of instances are current without asking the database), so a
/// second host started on the same folder is refused at start, saying which folder. Hosts that share a database use
/// PostgreSQL (or, on one machine, <c>Kinerja:Database:SharedWithOtherHosts</c>).
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    public const string FileName = "host.lock";

    private readonly FileStream _held;

    private DataFolderLock(FileStream held) => _held = held;

    /// <exception cref="SettingsException">Another host (another process, or another host in this one) holds the folder.</exception>
    public static DataFolderLock Acquire(string dataFolder)
    {
        var path = Path.Combine(dataFolder, FileName);
        try
        {
            // FileShare.None is an exclusive flock(2) on Linux: released when the file is closed or the process ends,
            // so a host that crashed leaves nothing to clean up.
            return new DataFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new SettingsException(
                $"Kinerja:DataFolder: {dataFolder} is in use by another Kinerja host (it holds {path}). On SQLite one host "
                + "serves a data folder; hosts that share a database use PostgreSQL (Kinerja:Database:Provider).", ex);
        }
    }

    public void Dispose() => _held.Dispose();
}
