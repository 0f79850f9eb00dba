using Kinerja.Engine;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Organization;
using Kinerja.Host.Tasks;

namespace Kinerja.Host.TaskLinks;

/// <summary>What opening a task link finds.</summary>
public enum LinkedTaskState
{
    /// <summary>The task is open and the link's person may act on it.</summary>
    Open,

    /// <summary>The task was completed; the link's person may see by whom, nothing more.</summary>
    Done,
    LinkUnknown,
    LinkExpired,

    /// <summary>Revoked, or the task ended otherwise.</summary>
    LinkRevoked,

    /// <summary>The task went to someone else meanwhile; the link should be revoked (<see cref="TaskLinkService.RevokeLinkAsync"/>).</summary>
    NotYours,
}

/// <summary>A task link's task as opening the link finds it.</summary>
/// <param name="Link">The link (for <see cref="LinkedTaskState.Open"/> and <see cref="LinkedTaskState.NotYours"/>).</param>
/// <param name="Task">The task as the page shows it (for <see cref="LinkedTaskState.Open"/> and <see cref="LinkedTaskState.Done"/>).</param>
/// <param name="Instance">For a completion: the open task's instance as just read, for the engine to start from.</param>
public sealed record LinkedTask(
    LinkedTaskState State,
    TaskLink? Link = null,
    TaskDescription? Task = null,
    Entitlement? Entitlement = null,
    string? CompletedByName = null,
    ProcessInstance? Instance = null)
{
    /// <summary>The answer's status when the page shows this state: 404 for a link never issued, 410 for one that no longer opens the task.</summary>
    public int StatusCode => State switch
    {
        LinkedTaskState.Open => StatusCodes.Status200OK,
        LinkedTaskState.LinkUnknown => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status410Gone,
    };
}

/// <summary>
/// Opens task links: the link by its token, its task, and whether its person may still act. Read-only: the caller revokes
/// a link found <see cref="LinkedTaskState.NotYours"/>. The task page and <see cref="TaskLinkPostShortcut"/> share it.
/// </summary>
public sealed class LinkedTasks(
    TaskLinkService links,
    WorkflowEngine engine,
    TaskDescriber describer,
    TaskActions actions,
    OrganizationDirectory directory)
{
    /// <param name="withSubject">Whether the description names its subject (an SKPD's name, one more read); see <see cref="TaskDescriber.WithSubjectAsync"/>.</param>
    /// <param name="forCompletion">Reads the open task from its instance, which is kept in <see cref="LinkedTask.Instance"/> for the completion.</param>
    public async Task<LinkedTask> OpenAsync(string token, bool withSubject, bool forCompletion, CancellationToken cancellationToken = default)
    {
        var lookup = await links.FindAsync(token, cancellationToken);
        if (lookup.Link is not { } link)
        {
            return new LinkedTask(LinkedTaskState.LinkUnknown);
        }

        ProcessInstance? instance = null;
        HumanTask? task = null;
        if (forCompletion && TaskIds.TryGetInstanceId(link.TaskId, out var instanceId))
        {
            // An open task is in its instance; one that ended is not, and its own row says what became of it.
            instance = await engine.Store.LoadInstanceAsync(instanceId, cancellationToken);
            task = instance?.Tasks.Find(t => t.Id == link.TaskId);
        }

        task ??= await engine.Store.FindTaskAsync(link.TaskId, cancellationToken);
        if (task is null)
        {
            return new LinkedTask(LinkedTaskState.LinkUnknown);
        }

        if (task.Status == HumanTaskStatus.Completed)
        {
            var completedBy = task.CompletedBy is { } by ? (await directory.FindAsync(by, cancellationToken))?.Name ?? by : null;
            return new LinkedTask(LinkedTaskState.Done, link, await describer.DescribeAsync(task, withSubject, cancellationToken), CompletedByName: completedBy);
        }

        if (lookup.State == LinkState.Expired)
        {
            return new LinkedTask(LinkedTaskState.LinkExpired, link);
        }

        if (lookup.State == LinkState.Revoked || !task.IsOpen)
        {
            return new LinkedTask(LinkedTaskState.LinkRevoked, link);
        }

        var entitlement = await actions.EntitlementAsync(task, link.PersonKey, cancellationToken);
        if (!entitlement.Allowed)
        {
            return new LinkedTask(LinkedTaskState.NotYours, link);
        }

        return new LinkedTask(LinkedTaskState.Open, link, await describer.DescribeAsync(task, withSubject, cancellationToken), entitlement, Instance: instance);
    }
}
