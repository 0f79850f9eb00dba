using Kinerja.Engine;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Storage;
using Kinerja.Host.Documents;
using Kinerja.Host.TaskLinks;
using Kinerja.Host.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Kinerja.Host.Pages.Tugas;

/// <summary>
/// The page a task link opens: no password, the token is the key. It shows the task only while the link is
/// valid and its person may still act; every other case gets a page that says why, never the task.
/// </summary>
[EnableRateLimiting(HostSetup.TaskLinkRateLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = TaskLinkPostShortcut.MultipartBodyLengthLimit)]
[TaskLinkPage]
public sealed class IndexModel(
    LinkedTasks linkedTasks,
    TaskLinkService links,
    WorkflowEngine engine,
    TaskDescriber describer,
    TaskActions actions,
    TimeProvider clock) : PageModel
{
    public LinkedTaskState State { get; private set; }
    public TaskDescription? Task { get; private set; }
    public string? CompletedByName { get; private set; }
    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);
    public Entitlement? Entitlement { get; private set; }

    /// <summary>The post found the task's instance changed meanwhile, more often than the engine tries again: nothing was saved.</summary>
    public bool ChangedMeanwhile { get; private set; }
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>On a post: the task's instance as read to find the task, handed to the completion.</summary>
    private ProcessInstance? _instance;

    // The handlers take no parameters: the token is the route's own value and the cancellation the request's. A handler
    // with parameters has MVC's model binding run for every request, which builds value providers from every posted
    // field (3 % of a completion's CPU when 200 officers post at once; docs/benchmarks.md, session 14).
    private string Token => RouteData.Values["token"] as string ?? string.Empty;

    public async Task<IActionResult> OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        await LoadAsync(Token, cancellationToken);
        await LoadHistoryAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// A post the <see cref="TaskLinkPostShortcut"/> passed on (an invalid form, documents, a link that no longer opens
    /// the task, a signed-in officer's): the same completion, and the page that says what happened.
    /// </summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var token = Token;
        var cancellationToken = HttpContext.RequestAborted;
        // A post that completes the task redirects: the subject (an SKPD's name, one more read) is added only for a page shown.
        // The task is found in its instance, which the completion then starts from instead of reading it again.
        var link = await LoadAsync(token, cancellationToken, withSubject: false, forCompletion: true);
        if (State != LinkedTaskState.Open || link is null || Task is null || Entitlement is null)
        {
            await AddSubjectAsync(cancellationToken);
            return Page();
        }

        var posted = TaskForm.Read(Request.Form, Task.Form);
        foreach (var (field, value) in posted.Values)
        {
            Values[field] = value;
        }

        try
        {
            // No idempotency key: a post repeated after the task completed (a double click, a browser's resubmit) is
            // answered from the task itself, by LoadAsync above or, when both posts got past it, by the engine refusing
            // the second (TaskStateException below); either way the page says the task is done and by whom.
            await actions.CompleteAsync(Task.Task, link.PersonKey, Entitlement, posted.Data, posted.Files, idempotencyKey: null, _instance, cancellationToken);
        }
        catch (FormValidationException ex)
        {
            foreach (var (field, message) in ex.Errors)
            {
                Errors[field] = message;
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            await AddSubjectAsync(cancellationToken);
            await LoadHistoryAsync(cancellationToken);
            return Page();
        }
        catch (DocumentRejectedException ex)
        {
            Errors["dokumen"] = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await AddSubjectAsync(cancellationToken);
            await LoadHistoryAsync(cancellationToken);
            return Page();
        }
        catch (TaskStateException)
        {
            await LoadAsync(token, cancellationToken);
            await LoadHistoryAsync(cancellationToken);
            return Page();
        }
        catch (ConcurrencyException)
        {
            // Other commands (another host's) kept changing the instance first, past the engine's attempts. Nothing was
            // completed; the form comes back with what was entered, to be sent again.
            await LoadAsync(token, cancellationToken);
            if (State == LinkedTaskState.Open)
            {
                ChangedMeanwhile = true;
                Response.StatusCode = StatusCodes.Status409Conflict;
            }

            await LoadHistoryAsync(cancellationToken);
            return Page();
        }

        // Back to the page the form was posted from (the link's own path), without generating the route's link again.
        return LocalRedirect(Request.PathBase.Add(Request.Path));
    }

    private async Task<TaskLink?> LoadAsync(string token, CancellationToken cancellationToken, bool withSubject = true, bool forCompletion = false)
    {
        var opened = await linkedTasks.OpenAsync(token, withSubject, forCompletion, cancellationToken);
        State = opened.State;
        Task = opened.Task;
        Entitlement = opened.Entitlement;
        CompletedByName = opened.CompletedByName;
        _instance = opened.Instance;
        if (opened.State == LinkedTaskState.NotYours)
        {
            await links.RevokeLinkAsync(opened.Link!.Id, "moved", cancellationToken);
        }

        if (opened.State != LinkedTaskState.Open)
        {
            Response.StatusCode = opened.StatusCode;
            return null;
        }

        return opened.Link;
    }

    private async Task AddSubjectAsync(CancellationToken cancellationToken)
    {
        if (Task is { Subject: null })
        {
            Task = await describer.WithSubjectAsync(Task, cancellationToken);
        }
    }

    /// <summary>The instance's history, for a page that shows the form (a successful post redirects without it).</summary>
    private async Task LoadHistoryAsync(CancellationToken cancellationToken)
    {
        if (State == LinkedTaskState.Open && Task is not null)
        {
            History = await engine.GetHistoryAsync(Task.Task.InstanceId, cancellationToken);
        }
    }

    public string Localize(string? language = null) => language ?? System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
}
