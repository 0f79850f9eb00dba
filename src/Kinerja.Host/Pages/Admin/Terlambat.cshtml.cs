using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Storage;
using Kinerja.Host.Admin;
using Kinerja.Host.Data;
using Kinerja.Host.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin;

/// <summary>Every open task past its deadline, with who holds it and how late it is in working time.</summary>
public sealed class TerlambatModel(
    WorkflowEngine engine,
    TaskDescriber describer,
    HostDbContextFactory contexts,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "halaman")]
    public int PageNumber { get; set; } = 1;

    public int Total { get; private set; }
    public IReadOnlyList<TaskDescription> Tasks { get; private set; } = [];
    public TaskHolders? Holders { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var page = await engine.QueryTasksAsync(new TaskQuery { DueBefore = Now, Skip = (PageNumber - 1) * PageSize, Take = PageSize }, cancellationToken);
        Total = page.Total;
        var described = new List<TaskDescription>();
        foreach (var task in page.Items)
        {
            described.Add(await describer.DescribeAsync(task, cancellationToken));
        }

        Tasks = described;
        Holders = await TaskHolders.LoadAsync(contexts, page.Items, cancellationToken: cancellationToken);
    }
}
