using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Kinerja.Host.Data;

/// <summary>
/// Rows whose text key starts with a prefix. On SQLite they are asked as a range of the key (<c>key &gt;= prefix AND
/// key &lt; next</c>), which SQLite searches in the key's index: <c>StartsWith</c> becomes a case-insensitive <c>LIKE</c>
/// that no index answers, so every call read the whole table, and <c>timer_jobs</c> and <c>mail</c> grow with the tasks
/// (cancelling a finished task's timers scanned every open timer's row). SQLite compares text by its bytes, as the range
/// assumes; PostgreSQL compares by the database's collation, which may order punctuation otherwise, so there the query
/// stays <c>StartsWith</c>.
/// </summary>
public static class KeyPrefix
{
    private static readonly MethodInfo Compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo StartsWithMethod = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;

    /// <summary>The rows whose <paramref name="key"/> starts with <paramref name="prefix"/> (ASCII), for <paramref name="database"/>'s provider.</summary>
    public static Expression<Func<T, bool>> StartsWith<T>(DatabaseFacade database, Expression<Func<T, string>> key, string prefix)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(key);
        var asRange = database.IsSqlite();
        // Members of a captured object, not constants: EF Core sends them as parameters, one cached query for every prefix.
        var bounds = Expression.Constant(new Bounds(prefix, asRange ? Next(prefix) : prefix));
        var from = Expression.Property(bounds, nameof(Bounds.From));
        var body = asRange
            ? Expression.AndAlso(
                Expression.GreaterThanOrEqual(Expression.Call(Compare, key.Body, from), Expression.Constant(0)),
                Expression.LessThan(Expression.Call(Compare, key.Body, Expression.Property(bounds, nameof(Bounds.To))), Expression.Constant(0)))
            : (Expression)Expression.Call(key.Body, StartsWithMethod, from);
        return Expression.Lambda<Func<T, bool>>(body, key.Parameters);
    }

    /// <summary>The least string above every string that starts with <paramref name="prefix"/>: its last character, plus one.</summary>
    public static string Next(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (!System.Text.Ascii.IsValid(prefix) || prefix[^1] == '\x7f')
        {
            throw new ArgumentException($"A key prefix is ASCII and does not end in DEL: '{prefix}'.", nameof(prefix));
        }

        return string.Concat(prefix.AsSpan(0, prefix.Length - 1), [(char)(prefix[^1] + 1)]);
    }

    private sealed record Bounds(string From, string To);
}
