using Kinerja.Engine.Calendar;
using Kinerja.Host.Admin;
using Kinerja.Host.Data;
using Kinerja.Host.Organization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin;

/// <summary>The people of the organisation, searchable by name, key or NIP and by SKPD.</summary>
public sealed class PegawaiModel(
    HostDbContextFactory contexts,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "skpd")]
    public string? Skpd { get; set; }

    [BindProperty(SupportsGet = true, Name = "halaman")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Person> People { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyDictionary<string, string> SkpdNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlySet<string> WithAccount { get; private set; } = new HashSet<string>();
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        SkpdNames = await db.Skpds.AsNoTracking().ToDictionaryAsync(s => s.Code, s => s.Name, StringComparer.Ordinal, cancellationToken);
        var people = db.People.AsNoTracking();
        if (OrganizationAdmin.Trim(Search) is { } search)
        {
            var pattern = $"%{search.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)}%";
            people = people.Where(p => EF.Functions.Like(p.Name, pattern) || EF.Functions.Like(p.Key, pattern) || (p.Nip != null && EF.Functions.Like(p.Nip, pattern)));
        }

        if (OrganizationAdmin.Trim(Skpd) is { } skpd)
        {
            people = skpd == "-" ? people.Where(p => p.SkpdCode == null) : people.Where(p => p.SkpdCode == skpd);
        }

        PageNumber = Math.Max(1, PageNumber);
        Total = await people.CountAsync(cancellationToken);
        People = await people.OrderBy(p => p.SkpdCode).ThenBy(p => p.Key).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        var keys = People.Select(p => p.Key).ToList();
        WithAccount = (await db.Users.AsNoTracking().Where(u => u.PersonKey != null && keys.Contains(u.PersonKey)).Select(u => u.PersonKey!).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
    }

    public string PageLink(int page) => $"/admin/pegawai?q={Uri.EscapeDataString(Search ?? "")}&skpd={Uri.EscapeDataString(Skpd ?? "")}&halaman={page}";
}
