using Kinerja.Engine.Calendar;
using Kinerja.Host.Admin;
using Kinerja.Host.Data;
using Kinerja.Host.Organization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin;

/// <summary>
/// Absences with their Plh/Plt: while one is in force, the absent officer's tasks, mail and links go to the
/// substitute. Lists those not yet over (or all), records new ones, deletes.
/// </summary>
public sealed class KetidakhadiranModel(
    HostDbContextFactory contexts,
    OrganizationDirectory directory,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    [BindProperty]
    public AbsenceInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "semua")]
    public bool ShowAll { get; set; }

    public DateOnly Today { get; private set; }
    public IReadOnlyList<Absence> Absences { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input.From = Input.To = directory.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await new OrganizationAdmin(contexts, Clock).CreateAbsenceAsync(Input, UserName, cancellationToken);
        if (!result.Succeeded)
        {
            AddErrors(result.Errors, nameof(Input));
            await LoadAsync(cancellationToken);
            return Page();
        }

        Notice = Text["Absences.Created", Input.PersonKey!.Trim(), Input.SubstituteKey!.Trim()];
        return Redirect("/admin/ketidakhadiran");
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken cancellationToken)
    {
        Notice = await new OrganizationAdmin(contexts, Clock).DeleteAbsenceAsync(id, cancellationToken)
            ? Text["Absences.Deleted"]
            : Text["Absences.NotFound", id];
        return Redirect("/admin/ketidakhadiran");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Today = directory.Today();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var today = Today;
        var absences = db.Absences.AsNoTracking();
        if (!ShowAll)
        {
            absences = absences.Where(a => a.To >= today);
        }

        Absences = await absences.OrderBy(a => a.From).ThenBy(a => a.PersonKey).Take(500).ToListAsync(cancellationToken);
        Names = await db.People.AsNoTracking().OrderBy(p => p.Key).ToDictionaryAsync(p => p.Key, p => p.Name, StringComparer.Ordinal, cancellationToken);
    }
}
