using Kinerja.Host.Organization;
using Kinerja.Host.TaskLinks;
using Kinerja.Persistence.Sql;

namespace Kinerja.Host.Data;

/// <summary>
/// The reads every task page makes, by key, as plain SQL (<see cref="KeyedReads"/>: on SQLite connections kept open
/// with their statements prepared): no context to build, no model to consult, no functions to register on the
/// connection (as the engine's store reads its own rows). With 200 officers posting at once these reads are a good
/// part of a request's work. Everything else goes through EF Core; the columns here are the ones its model maps
/// (<see cref="HostDbContext"/>).
/// </summary>
public sealed class HostReads(HostDbContextFactory contexts) : IDisposable
{
    private const string LinkByHash =
        """SELECT "Id", "TokenHash", "TaskId", "PersonKey", "CreatedAt", "ExpiresAt", "RevokedAt", "RevokedReason" FROM task_links WHERE "TokenHash" = @key""";

    private const string PersonByKey =
        """SELECT "Key", "Name", "Nip", "Email", "Position", "SkpdCode", "SupervisorKey", "Culture", "Active" FROM people WHERE "Key" = @key""";

    private const string GroupsOfPerson = """SELECT "Group" FROM org_role_members WHERE "PersonKey" = @key""";

    private readonly KeyedReads _reads = new(contexts.Settings);

    public Task<TaskLink?> LinkAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        _reads.FirstAsync(LinkByHash, tokenHash, static row => new TaskLink
        {
            Id = row.GetInt64(0),
            TokenHash = row.GetString(1),
            TaskId = row.GetString(2),
            PersonKey = row.GetString(3),
            CreatedAt = Instant(row.GetInt64(4)),
            ExpiresAt = Instant(row.GetInt64(5)),
            RevokedAt = row.IsNull(6) ? null : Instant(row.GetInt64(6)),
            RevokedReason = row.GetNullableString(7),
        }, cancellationToken);

    public Task<Person?> PersonAsync(string key, CancellationToken cancellationToken = default) =>
        _reads.FirstAsync(PersonByKey, key, static row => new Person
        {
            Key = row.GetString(0),
            Name = row.GetString(1),
            Nip = row.GetNullableString(2),
            Email = row.GetString(3),
            Position = row.GetNullableString(4),
            SkpdCode = row.GetNullableString(5),
            SupervisorKey = row.GetNullableString(6),
            Culture = row.GetString(7),
            Active = row.GetBoolean(8),
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> GroupsOfAsync(string personKey, CancellationToken cancellationToken = default) =>
        await _reads.AllAsync(GroupsOfPerson, personKey, static row => row.GetString(0), cancellationToken);

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

    /// <summary>The model stores every instant as UTC ticks.</summary>
    private static DateTimeOffset Instant(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    public void Dispose() => _reads.Dispose();
}
