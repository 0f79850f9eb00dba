using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kinerja.Persistence.Sql;

/// <summary>What the store's native SQLite statements share: binding text as UTF-8 without a string's copy, and errors as Microsoft.Data.Sqlite reports them.</summary>
internal static class SqliteNative
{
    /// <summary>Text up to this many UTF-8 bytes is encoded on the stack; longer text in a pooled buffer (state JSON comes already encoded, <see cref="Utf8Text"/>).</summary>
    private const int StackTextBytes = 512;

    /// <summary>Binds <paramref name="text"/> as UTF-8 text; SQLitePCL binds spans as SQLITE_TRANSIENT, so SQLite copies it before this returns.</summary>
    public static int BindText(sqlite3_stmt statement, int index, string text)
    {
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (most <= StackTextBytes)
        {
            Span<byte> utf8 = stackalloc byte[StackTextBytes];
            var length = Encoding.UTF8.GetBytes(text, utf8);
            return raw.sqlite3_bind_text(statement, index, utf8[..length]);
        }

        var rented = ArrayPool<byte>.Shared.Rent(most);
        try
        {
            var length = Encoding.UTF8.GetBytes(text, rented);
            return raw.sqlite3_bind_text(statement, index, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Throws the <see cref="SqliteException"/> Microsoft.Data.Sqlite would (message, code, extended code) unless <paramref name="rc"/> is OK or DONE.</summary>
    public static void Check(int rc, sqlite3 db)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
