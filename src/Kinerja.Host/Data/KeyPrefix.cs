using System.Linq.Expressions;
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
    private static readonly System.Reflection.MethodInfo Compare =
        typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    /// <summary>The rows whose <paramref name="key"/> starts with <paramref name="prefix"/> (ASCII), for <paramref name="database"/>'s provider.</summary>
    public static Expression<Func<T, bool>> StartsWith<T>(DatabaseFacade database, Expression<Func<T, string>> key, string prefix)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(key);
        if (!database.IsSqlite())
        {
            var startsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
            return Expression.Lambda<Func<T, bool>>(Expression.Call(key.Body, startsWith, Expression.Property(Expression.Constant(new Bounds(prefix, prefix)), nameof(Bounds.From))), key.Parameters);
        }

        var bounds = new Bounds(prefix, Next(prefix));
        // Members of a captured object, not constants: EF Core sends them as parameters, one cached query for every prefix.
        var captured = Expression.Constant(bounds);
        var from = Expression.Call(Compare, key.Body, Expression.Property(captured, nameof(Bounds.From)));
        var to = Expression.Call(Compare, key.Body, Expression.Property(captured, nameof(Bounds.To)));
        var zero = Expression.Constant(0);
        return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(Expression.GreaterThanOrEqual(from, zero), Expression.LessThan(to, zero)), key.Parameters);
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
