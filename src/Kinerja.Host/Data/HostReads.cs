using System.Data.Common;
using Kinerja.Host.Organization;
using Kinerja.Host.TaskLinks;
using Kinerja.Persistence.Sql;

namespace Kinerja.Host.Data;

/// <summary>
/// The reads every task page makes, by key, as plain SQL on a pooled connection: no context to build, no model to
/// consult, no functions to register on the connection (as the engine's store reads its own rows). With 200 officers
/// posting at once these reads are most of a request's work. Everything else goes through EF Core; the columns here
/// are the ones its model maps (<see cref="HostDbContext"/>).
/// </summary>
public sealed class HostReads(HostDbContextFactory contexts)
{
    private const string LinkByHash =
        """SELECT "Id", "TokenHash", "TaskId", "PersonKey", "CreatedAt", "ExpiresAt", "RevokedAt", "RevokedReason" FROM task_links WHERE "TokenHash" = @key""";

    private const string PersonByKey =
        """SELECT "Key", "Name", "Nip", "Email", "Position", "SkpdCode", "SupervisorKey", "Culture", "Active" FROM people WHERE "Key" = @key""";

    private const string GroupsOfPerson = """SELECT "Group" FROM org_role_members WHERE "PersonKey" = @key""";

    public Task<TaskLink?> LinkAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        SingleAsync(LinkByHash, tokenHash, reader => new TaskLink
        {
            Id = reader.GetInt64(0),
            TokenHash = reader.GetString(1),
            TaskId = reader.GetString(2),
            PersonKey = reader.GetString(3),
            CreatedAt = Instant(reader.GetInt64(4)),
            ExpiresAt = Instant(reader.GetInt64(5)),
            RevokedAt = reader.IsDBNull(6) ? null : Instant(reader.GetInt64(6)),
            RevokedReason = reader.IsDBNull(7) ? null : reader.GetString(7),
        }, cancellationToken);

    public Task<Person?> PersonAsync(string key, CancellationToken cancellationToken = default) =>
        SingleAsync(PersonByKey, key, reader => new Person
        {
            Key = reader.GetString(0),
            Name = reader.GetString(1),
            Nip = reader.IsDBNull(2) ? null : reader.GetString(2),
            Email = reader.GetString(3),
            Position = reader.IsDBNull(4) ? null : reader.GetString(4),
            SkpdCode = reader.IsDBNull(5) ? null : reader.GetString(5),
            SupervisorKey = reader.IsDBNull(6) ? null : reader.GetString(6),
            Culture = reader.GetString(7),
            Active = reader.GetBoolean(8),
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> GroupsOfAsync(string personKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await contexts.Settings.OpenConnectionAsync(forWriting: false, cancellationToken);
        await using var command = KeyedCommand.Create(connection, GroupsOfPerson, personKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(reader.GetString(0));
        }

        return groups;
    }

    /// <summary>The names of the SKPDs among <paramref name="codes"/> (a fan-out task's subject), by code.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SkpdNamesAsync(IReadOnlyList<string> codes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (codes.Count == 0)
        {
            return names;
        }

        await using var connection = await contexts.Settings.OpenConnectionAsync(forWriting: false, cancellationToken);
        await using var command = connection.CreateCommand();
        var parameters = new List<string>(codes.Count);
        for (var i = 0; i < codes.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@k{i}";
            parameter.Value = codes[i];
            command.Parameters.Add(parameter);
            parameters.Add(parameter.ParameterName);
        }

        command.CommandText = $"""SELECT "Code", "Name" FROM skpd WHERE "Code" IN ({string.Join(", ", parameters)})""";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names[reader.GetString(0)] = reader.GetString(1);
        }

        return names;
    }

    private async Task<T?> SingleAsync<T>(string sql, string key, Func<DbDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        await using var connection = await contexts.Settings.OpenConnectionAsync(forWriting: false, cancellationToken);
        await using var command = KeyedCommand.Create(connection, sql, key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? read(reader) : null;
    }

    /// <summary>The model stores every instant as UTC ticks.</summary>
    private static DateTimeOffset Instant(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
