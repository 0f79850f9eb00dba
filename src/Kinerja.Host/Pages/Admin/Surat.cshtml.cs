using Kinerja.Engine.Calendar;
using Kinerja.Host.Admin;
using Kinerja.Host.Data;
using Kinerja.Host.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin;

/// <summary>The mail outbox, newest first: to whom, what, whether it went, how often it was tried and why it failed.</summary>
public sealed class SuratModel(
    HostDbContextFactory contexts,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "halaman")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<MailMessage> Mail { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mail = db.Mail.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Status))
        {
            if (Enum.TryParse<MailStatus>(Status, ignoreCase: true, out var status) && Enum.IsDefined(status))
            {
                mail = mail.Where(m => m.Status == status);
            }
            else
            {
                ModelState.AddModelError("status", Text["Mail.BadStatus", Status]);
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }

        PageNumber = Math.Max(1, PageNumber);
        Total = await mail.CountAsync(cancellationToken);
        Mail = await mail.OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
    }

    /// <summary>The detail page of a mail; its id may hold slashes (notification id / recipient).</summary>
    public static string DetailLink(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return "/admin/surat/" + string.Join('/', id.Split('/').Select(Uri.EscapeDataString));
    }
}
