using Kinerja.Engine.Calendar;
using Kinerja.Host.Data;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Organization;

/// <summary>A person who should be told or may act, and, when they stand in for someone, for whom.</summary>
public sealed record Recipient(Person Person, Person? StandsInFor, Absence? Absence);

/// <summary>Answers who is who: members of a role, a person's atasan, and who stands in for an absent officer.</summary>
public sealed class OrganizationDirectory(HostDbContextFactory contexts, HostReads reads, TimeProvider clock, IWorkingCalendarProvider calendars)
{
    /// <summary>Substitutes of substitutes are followed this far (a Plh who is away too).</summary>
    private const int MaxSubstituteChain = 3;

    public DateOnly Today()
    {
        var local = calendars.Get(null).ToCalendarTime(clock.GetUtcNow());
        return DateOnly.FromDateTime(local.DateTime);
    }

    public Task<Person?> FindAsync(string key, CancellationToken cancellationToken = default) => reads.PersonAsync(key, cancellationToken);

    public async Task<IReadOnlyList<Person>> MembersOfAsync(IEnumerable<string> groups, CancellationToken cancellationToken = default)
    {
        var wanted = groups.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RoleMembers.AsNoTracking()
            .Where(m => wanted.Contains(m.Group))
            .Join(db.People, m => m.PersonKey, p => p.Key, (_, p) => p)
            .Where(p => p.Active)
            .Distinct()
            .OrderBy(p => p.Key)
            .ToListAsync(cancellationToken);
    }

    public Task<IReadOnlyList<string>> GroupsOfAsync(string personKey, CancellationToken cancellationToken = default) =>
        reads.GroupsOfAsync(personKey, cancellationToken);

    /// <summary>The person to reach instead of <paramref name="person"/> today: themselves, or their Plh/Plt while away.</summary>
    public async Task<Recipient> ResolveAsync(Person person, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        var today = Today();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var current = person;
        Absence? absence = null;
        for (var hop = 0; hop < MaxSubstituteChain; hop++)
        {
            var key = current.Key;
            var away = await db.Absences.AsNoTracking()
                .Where(a => a.PersonKey == key && a.From <= today && a.To >= today)
                .OrderByDescending(a => a.From)
                .FirstOrDefaultAsync(cancellationToken);
            if (away is null)
            {
                break;
            }

            var substitute = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Key == away.SubstituteKey, cancellationToken);
            if (substitute is null || substitute.Key == person.Key)
            {
                break;
            }

            absence ??= away;
            current = substitute;
        }

        return current.Key == person.Key ? new Recipient(person, null, null) : new Recipient(current, person, absence);
    }

    /// <summary>The people <paramref name="personKey"/> stands in for today (as Plh/Plt).</summary>
    public async Task<IReadOnlyList<Absence>> StandingInForAsync(string personKey, CancellationToken cancellationToken = default)
    {
        var today = Today();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Absences.AsNoTracking()
            .Where(a => a.SubstituteKey == personKey && a.From <= today && a.To >= today)
            .ToListAsync(cancellationToken);
    }
}
