using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Storage;
using Kinerja.Host.Admin;
using Kinerja.Host.Data;
using Kinerja.Host.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin;

/// <summary>The admin's start page: how much is running, open, late and waiting to be mailed.</summary>
public sealed class IndexModel(
    WorkflowEngine engine,
    HostDbContextFactory contexts,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public int RunningInstances { get; private set; }
    public int OpenTasks { get; private set; }
    public int OverdueTasks { get; private set; }
    public int PendingMail { get; private set; }
    public int FailingMail { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        RunningInstances = (await engine.QueryInstancesAsync(new InstanceQuery { Status = InstanceStatus.Running, Take = 0 }, cancellationToken)).Total;
        OpenTasks = (await engine.QueryTasksAsync(new TaskQuery { Take = 0 }, cancellationToken)).Total;
        OverdueTasks = (await engine.QueryTasksAsync(new TaskQuery { DueBefore = Now, Take = 0 }, cancellationToken)).Total;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        PendingMail = await db.Mail.CountAsync(m => m.Status == MailStatus.Pending, cancellationToken);
        FailingMail = await db.Mail.CountAsync(m => m.Status == MailStatus.Pending && m.LastError != null, cancellationToken);
    }
}
