using Hangfire;
using Kinerja.Engine.Notifications;
using Kinerja.Host.Data;
using Kinerja.Host.Mail;
using Kinerja.Host.Organization;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Notifications;

/// <summary>
/// Turns a send task's message (<see cref="NotificationKind.Message"/>) into mail: <c>to</c> names people (keys), roles
/// (their members) or plain addresses; absent officers' Plh/Plt get it instead. One mail per recipient and message.
/// </summary>
public sealed class MessageMail(
    HostDbContextFactory contexts,
    OrganizationDirectory directory,
    MailTemplates templates,
    IBackgroundJobClient jobs,
    TimeProvider clock)
{
    public async Task PublishAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var data = notification.Data ?? new Dictionary<string, string>();
        var recipients = await RecipientsAsync(data.GetValueOrDefault("to") ?? string.Empty, cancellationToken);
        var now = clock.GetUtcNow();
        var mails = new List<Mail.MailMessage>();
        foreach (var recipient in recipients)
        {
            var model = new MailModel
            {
                Kind = "message",
                RecipientName = recipient.Person.Name,
                StepName = data.GetValueOrDefault("step"),
                BusinessKey = string.IsNullOrEmpty(data.GetValueOrDefault("businessKey")) ? null : data["businessKey"],
                MessageSubject = data.GetValueOrDefault("subject"),
                MessageBody = data.GetValueOrDefault("body"),
                StandsInForName = recipient.StandsInFor?.Name,
                SubstituteKind = recipient.Absence?.Kind.ToString(),
            };
            var rendered = await templates.RenderAsync(model, recipient.Person.Culture);
            var mail = MailRecords.Create($"{notification.Id}/{recipient.Person.Key}", "message", recipient.Person, rendered, now);
            mail.InstanceId = notification.InstanceId;
            mails.Add(mail);
        }

        var ids = mails.Select(m => m.Id).ToList();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var existing = await db.Mail.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => m.Id).ToListAsync(cancellationToken);
            db.Mail.AddRange(mails.Where(m => !existing.Contains(m.Id)));
            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var id in ids)
        {
            jobs.Enqueue<MailSender>(s => s.SendAsync(id, CancellationToken.None));
        }
    }

    private async Task<IReadOnlyList<Recipient>> RecipientsAsync(string to, CancellationToken cancellationToken)
    {
        var people = new List<Person>();
        foreach (var item in to.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.Contains('@', StringComparison.Ordinal))
            {
                people.Add(new Person { Key = item.ToLowerInvariant(), Name = item, Email = item });
            }
            else if (await directory.FindAsync(item, cancellationToken) is { } person)
            {
                people.Add(person);
            }
            else
            {
                people.AddRange(await directory.MembersOfAsync([item], cancellationToken));
            }
        }

        var recipients = new List<Recipient>();
        foreach (var person in people.DistinctBy(p => p.Key))
        {
            var recipient = person.Email == person.Key ? new Recipient(person, null, null) : await directory.ResolveAsync(person, cancellationToken);
            if (recipients.All(r => r.Person.Key != recipient.Person.Key))
            {
                recipients.Add(recipient);
            }
        }

        return recipients;
    }
}
