using Kinerja.Engine.Calendar;
using Kinerja.Host.Admin;
using Kinerja.Host.Data;
using Kinerja.Host.Organization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin;

/// <summary>One SKPD as the list shows it: its operators (members of <c>skpd:{code}</c>) and its head.</summary>
public sealed record SkpdRow(Skpd Skpd, IReadOnlyList<Person> Operators, Person? Head, int People);

/// <summary>
/// The Perangkat Daerah. The head is the SKPD's person whose atasan works outside it (the top of its own
/// hierarchy); the operators are the members of its role.
/// </summary>
public sealed class SkpdModel(
    HostDbContextFactory contexts,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public IReadOnlyList<SkpdRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var skpds = await db.Skpds.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var people = await db.People.AsNoTracking().Where(p => p.SkpdCode != null).ToListAsync(cancellationToken);
        var members = await db.RoleMembers.AsNoTracking().Where(m => m.Group.StartsWith("skpd:")).ToListAsync(cancellationToken);
        var everyone = await db.People.AsNoTracking().ToDictionaryAsync(p => p.Key, cancellationToken);
        Rows = skpds.Select(s =>
        {
            var inSkpd = people.Where(p => p.SkpdCode == s.Code).ToList();
            var group = DemoOrganization.SkpdGroup(s.Code);
            var operators = members.Where(m => m.Group == group).Select(m => everyone.GetValueOrDefault(m.PersonKey)).OfType<Person>().ToList();
            return new SkpdRow(s, operators, HeadOf(inSkpd), inSkpd.Count);
        }).ToList();
    }

    /// <summary>The active person of an SKPD whose atasan is not in it; null when there is none or more than one.</summary>
    public static Person? HeadOf(IReadOnlyCollection<Person> peopleOfSkpd)
    {
        ArgumentNullException.ThrowIfNull(peopleOfSkpd);
        var keys = peopleOfSkpd.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var tops = peopleOfSkpd.Where(p => p.Active && (p.SupervisorKey is null || !keys.Contains(p.SupervisorKey))).ToList();
        return tops.Count == 1 ? tops[0] : null;
    }
}
