using Kinerja.Engine.Calendar;
using Kinerja.Host.Admin;
using Kinerja.Host.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin;

/// <summary>Creates (<c>/admin/skpd/baru</c>, with its operators' role) or renames an SKPD; its code never changes.</summary>
public sealed class SkpdEditModel(
    HostDbContextFactory contexts,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    [BindProperty]
    public SkpdInput Input { get; set; } = new();

    public bool Creating { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        Creating = code == OrganizationAdmin.NewKey;
        if (Creating)
        {
            return Page();
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var skpd = await db.Skpds.AsNoTracking().FirstOrDefaultAsync(s => s.Code == code, cancellationToken);
        if (skpd is null)
        {
            return NotFoundPage("Skpd.NotFound", code);
        }

        Input = new SkpdInput { Code = skpd.Code, Name = skpd.Name };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        Creating = code == OrganizationAdmin.NewKey;
        var result = await new OrganizationAdmin(contexts, Clock).SaveSkpdAsync(Input, Creating ? null : code, cancellationToken);
        if (!result.Succeeded)
        {
            if (!Creating && result.Errors.Any(e => e.MessageKey == "Error.UnknownSkpd"))
            {
                return NotFoundPage("Skpd.NotFound", code);
            }

            Input.Code = Creating ? Input.Code : code;
            AddErrors(result.Errors, nameof(Input));
            return Page();
        }

        Notice = Text["Skpd.Saved", Creating ? Input.Code!.Trim() : code];
        return Redirect("/admin/skpd");
    }
}
