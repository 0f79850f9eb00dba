using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Admin;
using Kinerja.Host.Documents;
using Kinerja.Host.Organization;
using Kinerja.Host.Security;
using Kinerja.Host.Tasks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Kotak;

/// <summary>
/// A task opened from the inbox by a signed-in officer: shown only to one who may act on it (directly, through a
/// role, or as Plh/Plt), who may claim, release or complete it with its form and documents.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = 64 * 1024 * 1024)]
public sealed class TugasModel(
    WorkflowEngine engine,
    TaskDescriber describer,
    TaskActions actions,
    OrganizationDirectory directory,
    UserManager<KinerjaUser> users,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public enum PageState
    {
        Open,
        Done,
        Ended,
        NotYours,
        NoPerson,
    }

    [TempData]
    public string? Problem { get; set; }

    public PageState State { get; private set; }
    public string? PersonKey { get; private set; }
    public TaskDescription? Task { get; private set; }
    public Entitlement? Entitlement { get; private set; }
    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];
    public string? CompletedByName { get; private set; }
    public string? AsSubstituteForName { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>The completion found the task's instance changed meanwhile, more often than the engine tries again: nothing was saved.</summary>
    public bool ChangedMeanwhile { get; private set; }

    public async Task<IActionResult> OnGetAsync(string taskId, CancellationToken cancellationToken)
    {
        await LoadAsync(taskId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string taskId, CancellationToken cancellationToken)
    {
        var task = await LoadAsync(taskId, cancellationToken);
        if (task is null || State != PageState.Open || Task is null || Entitlement is null)
        {
            return Page();
        }

        var posted = TaskForm.Read(Request.Form, Task.Form);
        foreach (var (field, value) in posted.Values)
        {
            Values[field] = value;
        }

        try
        {
            await actions.CompleteAsync(task, PersonKey!, Entitlement, posted.Data, posted.Files, $"kotak:{task.Id}", cancellationToken: cancellationToken);
        }
        catch (FormValidationException ex)
        {
            foreach (var (field, message) in ex.Errors)
            {
                Errors[field] = message;
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        catch (DocumentRejectedException ex)
        {
            Errors["dokumen"] = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        catch (EngineException ex)
        {
            Problem = ex.Message;
            return Redirect($"/kotak/{Uri.EscapeDataString(task.Id)}");
        }
        catch (ConcurrencyException)
        {
            // Commands of another host kept changing the instance first, past the engine's attempts: the form comes back
            // as entered, to be sent again.
            ChangedMeanwhile = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        Notice = Text["Inbox.Completed", Task.StepName];
        return Redirect("/kotak");
    }

    public async Task<IActionResult> OnPostClaimAsync(string taskId, CancellationToken cancellationToken) =>
        await AssignAsync(taskId, claim: true, cancellationToken);

    public async Task<IActionResult> OnPostReleaseAsync(string taskId, CancellationToken cancellationToken) =>
        await AssignAsync(taskId, claim: false, cancellationToken);

    private async Task<IActionResult> AssignAsync(string taskId, bool claim, CancellationToken cancellationToken)
    {
        var task = await LoadAsync(taskId, cancellationToken);
        if (task is null || State != PageState.Open)
        {
            return Page();
        }

        try
        {
            if (claim)
            {
                await engine.ClaimTaskAsync(task.Id, PersonKey!, cancellationToken);
                Notice = Text["Inbox.Claimed", task.Name];
            }
            else if (task.Assignee == PersonKey)
            {
                await engine.UnclaimTaskAsync(task.Id, PersonKey!, cancellationToken);
                Notice = Text["Inbox.Released", task.Name];
            }
        }
        catch (EngineException ex)
        {
            Problem = ex.Message;
        }
        catch (ConcurrencyException)
        {
            Problem = Text["Engine.ChangedMeanwhile"];
        }

        return Redirect($"/kotak/{Uri.EscapeDataString(task.Id)}");
    }

    private async Task<HumanTask?> LoadAsync(string taskId, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        PersonKey = user?.PersonKey;
        if (string.IsNullOrEmpty(PersonKey))
        {
            State = PageState.NoPerson;
            return null;
        }

        var task = await engine.Store.FindTaskAsync(taskId, cancellationToken);
        if (task is null)
        {
            NotFoundPage("Inbox.TaskNotFound", taskId);
            return null;
        }

        if (!task.IsOpen && !await WasOfferedAsync(task, PersonKey, cancellationToken))
        {
            // An ended task tells who did it only to those it was for.
            State = PageState.NotYours;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return null;
        }

        Task = await describer.DescribeAsync(task, cancellationToken);
        if (task.Status == HumanTaskStatus.Completed)
        {
            State = PageState.Done;
            CompletedByName = task.CompletedBy is { } by ? (await directory.FindAsync(by, cancellationToken))?.Name ?? by : null;
            return null;
        }

        if (!task.IsOpen)
        {
            State = PageState.Ended;
            return null;
        }

        Entitlement = await actions.EntitlementAsync(task, PersonKey, cancellationToken);
        if (!Entitlement.Allowed)
        {
            State = PageState.NotYours;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            Task = null;
            return null;
        }

        if (Entitlement.AsSubstituteFor is { } absence)
        {
            AsSubstituteForName = (await directory.FindAsync(absence.PersonKey, cancellationToken))?.Name ?? absence.PersonKey;
        }

        History = await engine.GetHistoryAsync(task.InstanceId, cancellationToken);
        State = PageState.Open;
        return task;
    }

    private async Task<bool> WasOfferedAsync(Kinerja.Engine.Tasks.HumanTask task, string personKey, CancellationToken cancellationToken)
    {
        if (task.CompletedBy == personKey || task.Assignee == personKey || task.CandidateUsers.Contains(personKey))
        {
            return true;
        }

        var groups = await directory.GroupsOfAsync(personKey, cancellationToken);
        return task.CandidateGroups.Any(groups.Contains);
    }
}
