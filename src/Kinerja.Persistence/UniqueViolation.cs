using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kinerja.Persistence;

/// <summary>Recognises a write refused because a unique key is taken, on either provider.</summary>
internal static class UniqueViolation
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public static bool IsCauseOf(Exception exception) => exception switch
    {
        DbUpdateException { InnerException: { } inner } => IsCauseOf(inner),
        SqliteException { SqliteExtendedErrorCode: SqliteConstraintPrimaryKey or SqliteConstraintUnique } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };
}
