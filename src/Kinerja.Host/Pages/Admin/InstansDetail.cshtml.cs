using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Admin;
using Kinerja.Host.Data;
using Kinerja.Host.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin;

/// <summary>One instance: its state, open tasks with holders and deadlines, its history, and cancelling it.</summary>
public sealed class InstansDetailModel(
    WorkflowEngine engine,
    TaskDescriber describer,
    HostDbContextFactory contexts,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public const int MaxReasonLength = 500;

    public ProcessInstance? Instance { get; private set; }
    public string? ProcessName { get; private set; }
    public IReadOnlyList<TaskDescription> OpenTasks { get; private set; } = [];
    public TaskHolders? Holders { get; private set; }
    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage("Instances.NotFound", id);

    public async Task<IActionResult> OnPostCancelAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFoundPage("Instances.NotFound", id);
        }

        var reason = OrganizationAdmin.Trim(Reason);
        if (reason is null)
        {
            AddErrors([new FieldError(nameof(Reason), "Error.Required")]);
            return Page();
        }

        if (reason.Length > MaxReasonLength)
        {
            AddErrors([new FieldError(nameof(Reason), "Error.TooLong", [MaxReasonLength])]);
            return Page();
        }

        if (Instance!.IsEnded)
        {
            ModelState.AddModelError(nameof(Reason), Text["Instances.AlreadyEnded", Text["InstanceStatus." + Instance.Status]]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        try
        {
            await engine.CancelInstanceAsync(Instance.Id, reason, UserName, cancellationToken);
        }
        catch (EngineException ex)
        {
            ModelState.AddModelError(nameof(Reason), ex.Message);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        catch (ConcurrencyException)
        {
            ModelState.AddModelError(nameof(Reason), Text["Engine.ChangedMeanwhile"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        Notice = Text["Instances.Cancelled"];
        return Redirect($"/admin/instans/{Instance.Id}");
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var instanceId))
        {
            return false;
        }

        try
        {
            Instance = await engine.GetInstanceAsync(instanceId, cancellationToken);
        }
        catch (NotFoundException)
        {
            return false;
        }

        try
        {
            ProcessName = (await engine.GetProcessDefinitionAsync(Instance.ProcessKey, Instance.DefinitionVersion, cancellationToken)).DisplayName;
        }
        catch (NotFoundException)
        {
            ProcessName = Instance.ProcessKey;
        }

        var tasks = (await engine.QueryTasksAsync(new TaskQuery { InstanceId = instanceId, Status = HumanTaskStatus.Open, Take = 500 }, cancellationToken)).Items;
        var described = new List<TaskDescription>();
        foreach (var task in tasks)
        {
            described.Add(await describer.DescribeAsync(task, cancellationToken));
        }

        OpenTasks = described;
        Holders = await TaskHolders.LoadAsync(contexts, tasks, cancellationToken: cancellationToken);
        History = await engine.GetHistoryAsync(instanceId, cancellationToken);
        return true;
    }
}
