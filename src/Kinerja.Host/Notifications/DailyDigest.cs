using Hangfire;
using Kinerja.Engine;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Calendar;
using Kinerja.Host.Data;
using Kinerja.Host.Mail;
using Kinerja.Host.Organization;
using Kinerja.Host.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Notifications;

/// <summary>
/// The morning mail on each working day: every officer's open and overdue tasks (their own, their roles',
/// and those of whom they stand in for). One per person per day, however often the job runs.
/// </summary>
public sealed class DailyDigest(
    WorkflowEngine engine,
    HostDbContextFactory contexts,
    OrganizationDirectory directory,
    HostCalendars calendars,
    TaskDescriber describer,
    MailTemplates templates,
    TaskLinks.TaskLinkService links,
    IBackgroundJobClient jobs,
    TimeProvider clock)
{
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(300)]
    public async Task<int> SendAsync(CancellationToken cancellationToken = default)
    {
        var today = directory.Today();
        if (!calendars.Default.IsWorkingDay(today))
        {
            return 0;
        }

        List<Person> people;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            people = await db.People.AsNoTracking().Where(p => p.Active).OrderBy(p => p.Key).ToListAsync(cancellationToken);
        }

        var created = new List<string>();
        foreach (var person in people)
        {
            var id = $"digest:{today:yyyy-MM-dd}/{person.Key}";
            var tasks = await OpenTasksOfAsync(person, cancellationToken);
            if (tasks.Count == 0 || await ExistsAsync(id, cancellationToken))
            {
                continue;
            }

            var now = clock.GetUtcNow();
            var lines = new List<DigestLine>();
            var newLinks = new List<TaskLinks.TaskLink>();
            foreach (var task in tasks)
            {
                var description = await describer.DescribeAsync(task, cancellationToken);
                var (token, link) = links.Create(task.Id, person.Key);
                newLinks.Add(link);
                lines.Add(new DigestLine(description.StepName, description.ProcessName, description.Subject,
                    description.DueText(person.Culture), task.DueAt < now, links.UrlFor(token).ToString()));
            }

            var model = new MailModel
            {
                Kind = "digest",
                RecipientName = person.Name,
                Tasks = lines,
                OverdueCount = lines.Count(l => l.Overdue),
            };
            var rendered = await templates.RenderAsync(model, person.Culture);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.Mail.Add(MailRecords.Create(id, "digest", person, rendered, now));
            db.TaskLinks.AddRange(newLinks);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                created.Add(id);
            }
            catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!await ExistsAsync(id, cancellationToken))
                {
                    throw;
                }

                // a second run of the same day got there first
            }
        }

        foreach (var id in created)
        {
            jobs.Enqueue<MailSender>(s => s.SendAsync(id, CancellationToken.None));
        }

        return created.Count;
    }

    /// <summary>Open tasks assigned to the person, or offered to their roles and not yet taken, or of those they stand in for.</summary>
    public async Task<IReadOnlyList<HumanTask>> OpenTasksOfAsync(Person person, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        var keys = new List<string> { person.Key };
        keys.AddRange((await directory.StandingInForAsync(person.Key, cancellationToken)).Select(a => a.PersonKey));
        var found = new Dictionary<string, HumanTask>(StringComparer.Ordinal);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            foreach (var task in (await engine.QueryTasksAsync(new TaskQuery { Assignee = key, Take = 200 }, cancellationToken)).Items)
            {
                found.TryAdd(task.Id, task);
            }

            var groups = await directory.GroupsOfAsync(key, cancellationToken);
            if (groups.Count > 0)
            {
                foreach (var task in (await engine.QueryTasksAsync(new TaskQuery { CandidateGroups = groups, Take = 200 }, cancellationToken)).Items)
                {
                    found.TryAdd(task.Id, task);
                }
            }
        }

        return found.Values.OrderBy(t => t.DueAt ?? DateTimeOffset.MaxValue).ToList();
    }

    private async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Mail.AsNoTracking().AnyAsync(m => m.Id == id, cancellationToken);
    }
}
