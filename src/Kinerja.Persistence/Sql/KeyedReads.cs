using System.Data;
using Kinerja.Persistence.Providers;

namespace Kinerja.Persistence.Sql;

/// <summary>
/// Reads by one key (<c>@key</c>) in hand-written SQL, for either provider: on SQLite through
/// <see cref="SqliteKeyedReads"/> (connections kept open, statements prepared once, rows read in place), on
/// PostgreSQL on a pooled connection. For the reads every request makes; the rest go through EF Core.
/// </summary>
public sealed class KeyedReads : IDisposable
{
    private readonly DatabaseSettings _settings;
    private readonly SqliteKeyedReads? _sqlite;

    public KeyedReads(DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _sqlite = settings.Provider == DatabaseProvider.Sqlite ? new SqliteKeyedReads(settings.ConnectionString) : null;
    }

    /// <summary>The first row <paramref name="sql"/> finds for <paramref name="key"/>, as <paramref name="read"/> makes it; <c>default</c> when none.</summary>
    public async Task<T?> FirstAsync<T>(string sql, string key, Func<KeyedRow, T?> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (_sqlite is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return _sqlite.Read(sql, key, read);
        }

        await using var connection = await _settings.OpenConnectionAsync(forWriting: false, cancellationToken);
        await using var command = KeyedCommand.Create(connection, sql, key);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? read(new KeyedRow(reader)) : default;
    }

    /// <summary>Every row <paramref name="sql"/> finds for <paramref name="key"/>, in the order it gives them.</summary>
    public async Task<List<T>> AllAsync<T>(string sql, string key, Func<KeyedRow, T> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (_sqlite is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return _sqlite.ReadAll(sql, key, read);
        }

        await using var connection = await _settings.OpenConnectionAsync(forWriting: false, cancellationToken);
        await using var command = KeyedCommand.Create(connection, sql, key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(new KeyedRow(reader)));
        }

        return rows;
    }

    public void Dispose() => _sqlite?.Dispose();
}
