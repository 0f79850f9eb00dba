using System.Text.Json.Nodes;
using Kinerja.Engine;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Documents;
using Kinerja.Host.Notifications;
using Kinerja.Host.Organization;

namespace Kinerja.Host.Tasks;

/// <summary>Whether a person may act on a task now, and if so whether as the Plh/Plt of someone else.</summary>
public sealed record Entitlement(bool Allowed, Absence? AsSubstituteFor)
{
    public static Entitlement Denied { get; } = new(false, null);
}

/// <summary>
/// What officers do to tasks, whether they come by link, inbox or API: who may act, and completing with
/// form data and documents. A Plh acting on a task of the officer they stand in for takes it over first, so
/// the instance's history says who acted for whom.
/// </summary>
public sealed class TaskActions(WorkflowEngine engine, OrganizationDirectory directory, DocumentStore documents)
{
    public async Task<Entitlement> EntitlementAsync(HumanTask task, string personKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!task.IsOpen)
        {
            return Entitlement.Denied;
        }

        if (await DirectlyAllowedAsync(task, personKey, cancellationToken))
        {
            return new Entitlement(true, null);
        }

        foreach (var absence in await directory.StandingInForAsync(personKey, cancellationToken))
        {
            if (await DirectlyAllowedAsync(task, absence.PersonKey, cancellationToken))
            {
                return new Entitlement(true, absence);
            }
        }

        return Entitlement.Denied;
    }

    private async Task<bool> DirectlyAllowedAsync(HumanTask task, string personKey, CancellationToken cancellationToken)
    {
        if (task.Assignee is not null)
        {
            return task.Assignee == personKey;
        }

        if (task.CandidateUsers.Contains(personKey))
        {
            return true;
        }

        var groups = await directory.GroupsOfAsync(personKey, cancellationToken);
        return task.CandidateGroups.Any(groups.Contains);
    }

    /// <summary>
    /// Completes the task as <paramref name="personKey"/>. Documents are checked before anything changes and stored
    /// under their SHA-256; their references go into the task's result (<c>{elementId}_documents</c>) in the same commit.
    /// The task's links are revoked off the request path, by the engine's <c>TaskCompleted</c> notification (committed
    /// with the completion); until then a link already shows the task as done.
    /// </summary>
    /// <param name="current">The task's instance as just read (the task page's post reads it instead of the task row), taken over by the engine.</param>
    /// <exception cref="DocumentRejectedException">A file is too large or of a type not allowed; nothing was changed.</exception>
    /// <exception cref="Kinerja.Engine.Execution.FormValidationException">The form is not valid; nothing was changed.</exception>
    public async Task CompleteAsync(
        HumanTask task,
        string personKey,
        Entitlement entitlement,
        IDictionary<string, JsonNode?> formData,
        IReadOnlyList<IncomingDocument> files,
        string? idempotencyKey,
        ProcessInstance? current = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(entitlement);
        ArgumentNullException.ThrowIfNull(formData);
        ArgumentNullException.ThrowIfNull(files);
        documents.Check(files);
        var stored = new List<UploadedDocument>();
        foreach (var file in files)
        {
            stored.Add(await documents.SaveAsync(task, file, personKey, cancellationToken));
        }

        if (entitlement.AsSubstituteFor is { } absence && task.Assignee != personKey)
        {
            var absent = await directory.FindAsync(absence.PersonKey, cancellationToken);
            var reason = $"{absence.Kind} untuk {absent?.Name ?? absence.PersonKey} ({absence.From:yyyy-MM-dd} s.d. {absence.To:yyyy-MM-dd})";
            await engine.ReassignTaskAsync(task.Id, personKey, NotificationRouter.SystemActor, reason, cancellationToken);
            current = null; // the reassignment changed it
        }

        var references = stored.Select(d => new TaskDocument(d.Id.ToString(), d.FileName, d.Sha256, d.Size)).ToList();
        await engine.CompleteTaskAsync(task.Id, personKey, formData.AsReadOnly(), idempotencyKey, references, current, cancellationToken);
        await documents.RecordAsync(stored, cancellationToken);
    }
}
