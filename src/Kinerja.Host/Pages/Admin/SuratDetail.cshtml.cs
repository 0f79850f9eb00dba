using Kinerja.Engine.Calendar;
using Kinerja.Host.Admin;
using Kinerja.Host.Data;
using Kinerja.Host.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin;

/// <summary>
/// One mail: its text, its HTML (shown in a sandboxed frame, never put into this page), and "kirim ulang" to
/// send a pending mail now instead of waiting for its next attempt.
/// </summary>
public sealed class SuratDetailModel(
    HostDbContextFactory contexts,
    MailSender sender,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public MailMessage? Mail { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Mail = await FindAsync(id, cancellationToken);
        return Mail is null ? NotFoundPage("Mail.NotFound", id) : Page();
    }

    public async Task<IActionResult> OnPostResendAsync(string id, CancellationToken cancellationToken)
    {
        Mail = await FindAsync(id, cancellationToken);
        if (Mail is null)
        {
            return NotFoundPage("Mail.NotFound", id);
        }

        if (Mail.Status != MailStatus.Pending)
        {
            Notice = Text["Mail.AlreadySent"];
            return Redirect(SuratModel.DetailLink(id));
        }

        var now = Now;
        if (Mail.LeaseUntil is { } lease && lease >= now)
        {
            Notice = Text["Mail.Busy"];
            return Redirect(SuratModel.DetailLink(id));
        }

        // Due now rather than at its next retry; the sender's own lease still guards against a worker racing us.
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.Mail.Where(m => m.Id == id && m.Status == MailStatus.Pending && m.NextAttemptAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, now), cancellationToken);
        }

        var sent = await sender.SendAsync(id, cancellationToken);
        var after = await FindAsync(id, cancellationToken);
        Notice = sent ? Text["Mail.Resent", after?.SentVia ?? sender.TransportName] : Text["Mail.ResendFailed", after?.LastError ?? "-"];
        return Redirect(SuratModel.DetailLink(id));
    }

    private async Task<MailMessage?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Mail.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
    }
}
