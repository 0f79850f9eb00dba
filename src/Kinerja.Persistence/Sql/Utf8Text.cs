using System.Text;

namespace Kinerja.Persistence.Sql;

/// <summary>
/// A text value already encoded as UTF-8 (state JSON written straight from the serializer): SQLite binds the bytes as
/// they are, without the string that would be encoded again; other providers are given the string.
/// </summary>
internal sealed record Utf8Text(byte[] Bytes)
{
    public override string ToString() => Encoding.UTF8.GetString(Bytes);
}
