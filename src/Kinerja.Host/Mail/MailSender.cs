using Hangfire;
using Kinerja.Host.Configuration;
using Kinerja.Host.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Kinerja.Host.Mail;

/// <summary>
/// The Hangfire jobs that send recorded mail. A mail is taken with a lease (so two workers racing on one
/// job send it once), sent with its stable Message-Id, and marked sent; a failed attempt is tried again
/// later with a growing delay, capped, for as long as the server stays down. The sweep finds what a lost
/// job would leave behind.
/// </summary>
public sealed partial class MailSender(
    HostDbContextFactory contexts,
    IMailTransport transport,
    IBackgroundJobClient jobs,
    TimeProvider clock,
    IOptions<KinerjaSettings> settings,
    ILogger<MailSender> logger)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(15);

    public string TransportName => transport.Name;

    /// <summary>Sends one mail if it is still pending and due; returns true when this call sent it.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task<bool> SendAsync(string mailId, CancellationToken cancellationToken = default) => SendAsync(mailId, heldUntil: null, cancellationToken);

    /// <summary>
    /// Sends one mail if it is still pending and due; returns true when this call sent it. <paramref name="heldUntil"/>:
    /// the lease the mail was recorded with for this process (<see cref="MailPump.TryHold"/>), so none is taken; a mail
    /// no longer under exactly that lease (it ran out and another worker took it) is left alone. Null takes a lease.
    /// </summary>
    public async Task<bool> SendAsync(string mailId, DateTimeOffset? heldUntil, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var mailSettings = settings.Value.Mail;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        MailMessage? mail;
        if (heldUntil is { } held && held > now)
        {
            mail = await db.Mail.AsNoTracking()
                .SingleOrDefaultAsync(m => m.Id == mailId && m.Status == MailStatus.Pending && m.LeaseUntil == held, cancellationToken);
        }
        else
        {
            var leaseUntil = now + mailSettings.SendLease;
            var taken = await db.Mail
                .Where(m => m.Id == mailId && m.Status == MailStatus.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, leaseUntil), cancellationToken);
            mail = taken == 0 ? null : await db.Mail.AsNoTracking().SingleAsync(m => m.Id == mailId, cancellationToken);
        }

        if (mail is null)
        {
            return false;
        }

        try
        {
            using var message = ToMime(mail, mailSettings.From);
            await transport.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var attempts = mail.Attempts + 1;
            var delay = RetryDelay(attempts, mailSettings.MaxRetryDelay);
            var next = clock.GetUtcNow() + delay;
            await db.Mail.Where(m => m.Id == mailId).ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(m => m.LastError, Truncate(ex.Message)),
                cancellationToken);
            LogSendFailed(logger, mailId, attempts, delay, ex);
            jobs.Schedule<MailSender>(s => s.SendAsync(mailId, CancellationToken.None), delay);
            return false;
        }

        var sentAt = clock.GetUtcNow();
        await db.Mail.Where(m => m.Id == mailId).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.Status, MailStatus.Sent)
                .SetProperty(m => m.SentAt, sentAt)
                .SetProperty(m => m.SentVia, transport.Name)
                .SetProperty(m => m.Attempts, mail.Attempts + 1)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.LastError, (string?)null),
            cancellationToken);
        return true;
    }

    /// <summary>Sends every pending mail that is due: the backstop for jobs lost in a crash or a storage hiccup.</summary>
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(60)]
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        List<string> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Mail.AsNoTracking()
                .Where(m => m.Status == MailStatus.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
                .OrderBy(m => m.NextAttemptAt)
                .Select(m => m.Id)
                .Take(500)
                .ToListAsync(cancellationToken);
        }

        var sent = 0;
        foreach (var id in due)
        {
            if (await SendAsync(id, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    public static MimeMessage ToMime(MailMessage mail, string from)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var message = new MimeMessage
        {
            MessageId = mail.MessageId,
            Subject = mail.Subject,
            Date = mail.CreatedAt,
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(new MailboxAddress(mail.ToName, mail.ToAddress));
        message.Headers.Add("X-Kinerja-Mail", mail.Id);
        message.Body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody }.ToMessageBody();
        return message;
    }

    internal static TimeSpan RetryDelay(int attempts, TimeSpan max)
    {
        var seconds = FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(attempts - 1, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, max.TotalSeconds));
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId} not sent (attempt {Attempts}); next try in {Delay}")]
    private static partial void LogSendFailed(ILogger logger, string mailId, int attempts, TimeSpan delay, Exception exception);
}
