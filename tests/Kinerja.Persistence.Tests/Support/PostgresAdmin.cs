using Npgsql;

namespace Kinerja.Persistence.Tests.Support;

/// <summary>The PostgreSQL server the tests use: KINERJA_TEST_POSTGRES, as scripts/test.sh starts it.</summary>
internal static class PostgresAdmin
{
    private static string Server =>
        Environment.GetEnvironmentVariable("KINERJA_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "The PostgreSQL tests need a server: run ./scripts/test.sh (it starts a throwaway one), or set KINERJA_TEST_POSTGRES to a connection string of a server where databases may be created.");

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database }.ToString();

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
