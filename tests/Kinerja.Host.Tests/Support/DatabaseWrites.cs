using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kinerja.Host.Tests.Support;

/// <summary>
/// Counts what the contexts it is added to write: commits (transactions committed, and writes sent outside one, as EF
/// Core sends a save of a single statement), and the statements a test picks. Can act once before the next transaction.
/// </summary>
public sealed class DatabaseWrites(Func<string, bool>? picked = null) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private int _commits;
    private int _picked;

    public int Commits => Volatile.Read(ref _commits);

    /// <summary>Statements whose text the constructor's predicate picked.</summary>
    public int Picked => Volatile.Read(ref _picked);

    public Func<Task>? BeforeNextTransaction { get; set; }

    public void Reset()
    {
        Interlocked.Exchange(ref _commits, 0);
        Interlocked.Exchange(ref _picked, 0);
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (BeforeNextTransaction is { } action)
        {
            BeforeNextTransaction = null;
            await action();
        }

        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _commits);
        return Task.CompletedTask;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    private void Count(DbCommand command)
    {
        var text = command.CommandText.TrimStart();
        if (command.Transaction is null && (text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)))
        {
            Interlocked.Increment(ref _commits);
        }

        if (picked?.Invoke(command.CommandText) == true)
        {
            Interlocked.Increment(ref _picked);
        }
    }
}
