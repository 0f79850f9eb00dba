using Hangfire;
using Kinerja.Engine;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Data;
using Kinerja.Host.Mail;
using Kinerja.Host.Organization;
using Kinerja.Host.TaskLinks;
using Kinerja.Host.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Notifications;

/// <summary>
/// The engine's notification port: decides who is told (assignee or role members, the atasan on escalation,
/// a Plh/Plt instead of an absent officer), composes their mail with a personal task link, records mail and
/// links in one transaction, and queues the sending. The same notification twice makes no second mail.
/// </summary>
public sealed partial class NotificationRouter(
    IServiceProvider services,
    HostDbContextFactory contexts,
    OrganizationDirectory directory,
    TaskLinkService links,
    MailTemplates templates,
    IBackgroundJobClient jobs,
    MailPump pump,
    TimeProvider clock,
    ILogger<NotificationRouter> logger) : INotificationSink
{
    /// <summary>The actor recorded when the host itself moves a task (to a Plh).</summary>
    public const string SystemActor = "sistem";

    // Resolved lazily: the engine depends on this sink, and this sink (and the describer) use the engine.
    private WorkflowEngine Engine => services.GetRequiredService<WorkflowEngine>();

    private TaskDescriber Describer => services.GetRequiredService<TaskDescriber>();

    public async Task PublishAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Kind == NotificationKind.TaskCompleted)
        {
            // Nobody is told; revoking twice changes nothing.
            await links.RevokeAsync(notification.TaskId, "completed", cancellationToken: cancellationToken);
            return;
        }

        if (await AlreadyHandledAsync(notification.Id, cancellationToken))
        {
            await EnqueuePendingAsync(notification.Id, cancellationToken);
            return;
        }

        if (notification.Kind == NotificationKind.Message)
        {
            await services.GetRequiredService<MessageMail>().PublishAsync(notification, cancellationToken);
            return;
        }

        var task = await Engine.Store.FindTaskAsync(notification.TaskId, cancellationToken);
        if (task is null)
        {
            return;
        }

        if (notification.Kind == NotificationKind.TaskCancelled || !task.IsOpen)
        {
            await links.RevokeAsync(task.Id, task.IsOpen ? "cancelled" : "ended", cancellationToken: cancellationToken);
            return;
        }

        if (notification.Kind == NotificationKind.TaskAssigned && task.Assignee is not null)
        {
            await links.RevokeAsync(task.Id, "reassigned", exceptPersonKey: task.Assignee, cancellationToken: cancellationToken);
        }

        if (notification.Kind != NotificationKind.TaskEscalated && await HandOverToSubstituteAsync(task, cancellationToken))
        {
            return; // the reassignment's own notification tells the Plh
        }

        var recipients = notification.Kind == NotificationKind.TaskEscalated
            ? await EscalationRecipientsAsync(task, notification.EscalateTo, cancellationToken)
            : await TaskRecipientsAsync(task, cancellationToken);
        if (recipients.Count == 0)
        {
            LogNobodyToTell(logger, notification.Id, task.Id);
            return;
        }

        var description = await Describer.DescribeAsync(task, cancellationToken);
        var holder = await HolderNameAsync(task, cancellationToken);
        var mails = new List<Mail.MailMessage>();
        var newLinks = new List<TaskLink>();
        foreach (var recipient in recipients)
        {
            string? url = null;
            TaskLink? link = null;
            if (notification.Kind != NotificationKind.TaskEscalated)
            {
                (var token, link) = links.Create(task.Id, recipient.Person.Key);
                url = links.UrlFor(token).ToString();
                newLinks.Add(link);
            }

            var model = MailModels.ForTask(KindName(notification.Kind), recipient, description, clock.GetUtcNow(), url, link?.ExpiresAt, holder);
            var rendered = await templates.RenderAsync(model, recipient.Person.Culture);
            mails.Add(MailRecords.Create($"{notification.Id}/{recipient.Person.Key}", KindName(notification.Kind), recipient.Person, rendered, clock.GetUtcNow(), task));
        }

        // Recorded already leased to this process's pump, which then sends it without a flushed write to take the lease.
        var heldUntil = pump.TryHold();
        foreach (var mail in mails)
        {
            mail.LeaseUntil = heldUntil;
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.Mail.AddRange(mails);
            db.TaskLinks.AddRange(newLinks);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!await AlreadyHandledAsync(notification.Id, cancellationToken))
                {
                    throw;
                }

                // Another dispatcher recorded this notification first; its mail stands, and is sent as that mail is.
                await EnqueuePendingAsync(notification.Id, cancellationToken);
                return;
            }
        }

        foreach (var mail in mails)
        {
            HandOver(mail.Id, heldUntil);
        }
    }

    /// <summary>An assigned task whose assignee is away goes to their Plh/Plt, recorded in the instance's history.</summary>
    private async Task<bool> HandOverToSubstituteAsync(HumanTask task, CancellationToken cancellationToken)
    {
        if (task.Assignee is null || await directory.FindAsync(task.Assignee, cancellationToken) is not { } assignee)
        {
            return false;
        }

        var resolved = await directory.ResolveAsync(assignee, cancellationToken);
        if (resolved.StandsInFor is null || resolved.Absence is not { } absence)
        {
            return false;
        }

        var reason = $"{absence.Kind} {resolved.Person.Name} untuk {assignee.Name} ({absence.From:yyyy-MM-dd} s.d. {absence.To:yyyy-MM-dd})";
        await Engine.ReassignTaskAsync(task.Id, resolved.Person.Key, SystemActor, reason, cancellationToken);
        return true;
    }

    private async Task<IReadOnlyList<Recipient>> TaskRecipientsAsync(HumanTask task, CancellationToken cancellationToken)
    {
        var people = new List<Person>();
        if (task.Assignee is not null)
        {
            if (await directory.FindAsync(task.Assignee, cancellationToken) is { } assignee)
            {
                people.Add(assignee);
            }
        }
        else
        {
            people.AddRange(await directory.MembersOfAsync(task.CandidateGroups, cancellationToken));
            foreach (var key in task.CandidateUsers)
            {
                if (await directory.FindAsync(key, cancellationToken) is { } person)
                {
                    people.Add(person);
                }
            }
        }

        return await ResolveAllAsync(people, cancellationToken);
    }

    private async Task<IReadOnlyList<Recipient>> EscalationRecipientsAsync(HumanTask task, string? escalateTo, CancellationToken cancellationToken)
    {
        var people = new List<Person>();
        if (string.IsNullOrEmpty(escalateTo) || escalateTo == "supervisor")
        {
            var holders = task.Assignee is not null
                ? [await directory.FindAsync(task.Assignee, cancellationToken)]
                : (await directory.MembersOfAsync(task.CandidateGroups, cancellationToken)).Cast<Person?>().ToList();
            foreach (var holder in holders)
            {
                if (holder?.SupervisorKey is { } key && await directory.FindAsync(key, cancellationToken) is { } supervisor)
                {
                    people.Add(supervisor);
                }
            }
        }
        else if (await directory.FindAsync(escalateTo, cancellationToken) is { } person)
        {
            people.Add(person);
        }
        else
        {
            people.AddRange(await directory.MembersOfAsync([escalateTo], cancellationToken));
        }

        return await ResolveAllAsync(people, cancellationToken);
    }

    private async Task<IReadOnlyList<Recipient>> ResolveAllAsync(IEnumerable<Person> people, CancellationToken cancellationToken)
    {
        var recipients = new List<Recipient>();
        foreach (var person in people.DistinctBy(p => p.Key))
        {
            var recipient = await directory.ResolveAsync(person, cancellationToken);
            if (recipients.All(r => r.Person.Key != recipient.Person.Key))
            {
                recipients.Add(recipient);
            }
        }

        return recipients;
    }

    /// <summary>Who holds the task, by name (for escalations): the assignee, or the roles it is offered to.</summary>
    private async Task<string?> HolderNameAsync(HumanTask task, CancellationToken cancellationToken)
    {
        var holders = await Admin.TaskHolders.LoadAsync(contexts, [task], cancellationToken: cancellationToken);
        return task.Assignee is { } assignee ? holders.PersonName(assignee) : string.Join(", ", task.CandidateGroups.Select(holders.RoleName));
    }

    private async Task<bool> AlreadyHandledAsync(string notificationId, CancellationToken cancellationToken)
    {
        var (from, to) = MailIdRange(notificationId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Mail.AsNoTracking().AnyAsync(m => m.Id.CompareTo(from) >= 0 && m.Id.CompareTo(to) < 0, cancellationToken);
    }

    /// <summary>
    /// The ids of a notification's mails (<c>{notificationId}/{personKey}</c>) as a key range: they sort from
    /// <c>{notificationId}/</c> up to, not including, <c>{notificationId}0</c> ('0' follows '/'). A range reads the mail
    /// table's primary key; <c>StartsWith</c> became a LIKE that SQLite answers by reading every mail, bodies and all.
    /// </summary>
    private static (string From, string To) MailIdRange(string notificationId) => (notificationId + "/", notificationId + "0");

    private async Task EnqueuePendingAsync(string notificationId, CancellationToken cancellationToken)
    {
        var (from, to) = MailIdRange(notificationId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = await db.Mail.AsNoTracking()
            .Where(m => m.Id.CompareTo(from) >= 0 && m.Id.CompareTo(to) < 0 && m.Status == MailStatus.Pending)
            .Select(m => m.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in pending)
        {
            HandOver(id, heldUntil: null);
        }
    }

    /// <summary>
    /// Gives a recorded mail to the pump, or, where it does not run, to a Hangfire job: at once, or, for a mail recorded
    /// leased to a pump that stopped meanwhile, when that lease runs out.
    /// </summary>
    private void HandOver(string mailId, DateTimeOffset? heldUntil)
    {
        if (pump.TryPost(mailId, heldUntil))
        {
            return;
        }

        if (heldUntil is { } held)
        {
            jobs.Schedule<MailSender>(s => s.SendAsync(mailId, CancellationToken.None), held);
        }
        else
        {
            jobs.Enqueue<MailSender>(s => s.SendAsync(mailId, CancellationToken.None));
        }
    }

    public static string KindName(NotificationKind kind) => kind switch
    {
        NotificationKind.TaskCreated => "task-created",
        NotificationKind.TaskAssigned => "task-assigned",
        NotificationKind.TaskReminder => "task-reminder",
        NotificationKind.TaskDue => "task-due",
        NotificationKind.TaskEscalated => "task-escalated",
        _ => "task-cancelled",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} for task {TaskId} has nobody to tell (no people in its roles?)")]
    private static partial void LogNobodyToTell(ILogger logger, string notificationId, string taskId);
}
