using System.Text.Json;
using System.Text.Json.Nodes;
using Kinerja.Engine;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Documents;
using Kinerja.Host.Organization;
using Kinerja.Host.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Kinerja.Host.Api;

public sealed record TaskDto(
    string Id,
    Guid InstanceId,
    string ProcessKey,
    string DefinitionId,
    string ElementId,
    string Name,
    string? BusinessKey,
    HumanTaskStatus Status,
    string? Assignee,
    string? Owner,
    IReadOnlyList<string> CandidateGroups,
    IReadOnlyList<string> CandidateUsers,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? FollowUpAt,
    bool Overdue,
    string? TimeStandard,
    string? CalendarName,
    IReadOnlyDictionary<string, JsonNode?> Context,
    string? CompletedBy,
    DateTimeOffset? EndedAt,
    string? EndReason)
{
    public static TaskDto From(HumanTask t, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(
            t.Id, t.InstanceId, t.ProcessKey, t.DefinitionId, t.ElementId, t.Name, t.BusinessKey, t.Status, t.Assignee, t.Owner,
            t.CandidateGroups, t.CandidateUsers, t.CreatedAt, t.DueAt, t.FollowUpAt, t.IsOpen && t.DueAt < now, t.TimeStandard, t.CalendarName,
            t.Context, t.CompletedBy, t.EndedAt, t.EndReason);
    }
}

public sealed record DocumentRefDto(string Name, string? Description);

public sealed record TaskDetailDto(
    TaskDto Task,
    string ProcessName,
    string? SopNumber,
    string? Subject,
    string? Instructions,
    IReadOnlyList<FormFieldDto> Form,
    IReadOnlyList<DocumentRefDto> RequiredInputs,
    IReadOnlyList<DocumentRefDto> OutputDocuments,
    IReadOnlyDictionary<string, JsonNode?>? Result);

public sealed record CompleteTaskRequest(Dictionary<string, JsonNode?>? FormData = null);

public sealed record TaskCompletedDto(TaskDto Task, IReadOnlyList<TaskDto> OpenTasksOfInstance);

public sealed record ReassignTaskRequest(string Assignee, string? Reason = null);

public sealed record DelegateTaskRequest(string DelegateTo);

/// <summary>
/// Human tasks: the inbox query, detail and the actions on a task. Admins and API keys may act on any task;
/// a signed-in officer only on the tasks they are entitled to (<see cref="TaskActions.EntitlementAsync"/>),
/// and their inbox is their own.
/// </summary>
public static class TasksApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapTasksApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/tasks").RequireAuthorization(ApiSetup.ApiUserPolicy).WithTags("Tasks");
        group.MapGet("/", InboxAsync)
            .ProducesValidationProblem()
            .WithSummary("Tasks ordered by due instant. Filters: assignee, candidateGroups (comma-separated), candidateUser, "
                + "personKey (the groups the person is a member of), processKey, instanceId, elementId, overdue, status (Open by default, or Any), skip, take.");
        group.MapGet("/{taskId}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A task with its SOP step: instructions, form fields, documents, and its result once completed.");
        group.MapPost("/{taskId}/claim", ClaimAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Takes a task offered to a group: it becomes the caller's.");
        group.MapPost("/{taskId}/unclaim", UnclaimAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Gives a claimed task back to its groups.");
        group.MapPost("/{taskId}/complete", CompleteAsync)
            .Accepts<CompleteTaskRequest>("application/json", "multipart/form-data")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Completes a task with form data ({\"formData\": {...}}; or multipart with a 'formData' JSON field and document files). "
                + "Invalid data: 400 with errors keyed by field id. With an Idempotency-Key header a retry of a completion that went through answers 200 again.");
        group.MapPost("/{taskId}/reassign", ReassignAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Gives the task to another officer (by person key).");
        group.MapPost("/{taskId}/delegate", DelegateAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Delegates the task to another officer; it comes back to its owner when they complete it.");
        return group;
    }

    private static async Task<Ok<PageDto<TaskDto>>> InboxAsync(
        HttpContext http,
        WorkflowEngine engine,
        OrganizationDirectory directory,
        TimeProvider clock,
        string? assignee,
        string? candidateGroups,
        string? candidateUser,
        string? personKey,
        string? processKey,
        Guid? instanceId,
        string? elementId,
        bool? overdue,
        string? status,
        int? skip,
        int? take,
        CancellationToken cancellationToken)
    {
        var (from, count) = InstancesApi.Paging(skip, take);
        var caller = await ApiCaller.OfAsync(http);
        assignee = InstancesApi.Blank(assignee);
        candidateUser = InstancesApi.Blank(candidateUser);
        personKey = InstancesApi.Blank(personKey);
        var groups = InstancesApi.Blank(candidateGroups)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (personKey is not null && groups is not null)
        {
            throw ApiException.Invalid("personKey", "Give either personKey (their groups) or candidateGroups, not both.");
        }

        if (caller.IsOfficer)
        {
            var me = caller.PersonKey ?? throw new ApiException(StatusCodes.Status403Forbidden, "Forbidden", "This account is not linked to an officer.");
            if (assignee is null && candidateUser is null && personKey is null && groups is null)
            {
                personKey = me; // an officer's inbox: the tasks offered to their groups
            }

            var myGroups = await directory.GroupsOfAsync(me, cancellationToken);
            if ((assignee is not null && assignee != me) || (candidateUser is not null && candidateUser != me) || (personKey is not null && personKey != me)
                || (groups is not null && !groups.All(myGroups.Contains)))
            {
                throw new ApiException(StatusCodes.Status403Forbidden, "Forbidden", "A signed-in officer sees their own tasks only.");
            }
        }

        if (personKey is not null)
        {
            if (await directory.FindAsync(personKey, cancellationToken) is null)
            {
                throw ApiException.Invalid("personKey", $"There is no person '{personKey}'.");
            }

            groups = [.. await directory.GroupsOfAsync(personKey, cancellationToken)];
        }

        HumanTaskStatus? wanted = HumanTaskStatus.Open;
        if (string.Equals(status, "any", StringComparison.OrdinalIgnoreCase))
        {
            wanted = null;
        }
        else if (!string.IsNullOrWhiteSpace(status))
        {
            wanted = Enum.TryParse<HumanTaskStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw ApiException.Invalid("status", $"'{status}' is not a task status; use Any or one of {string.Join(", ", Enum.GetNames<HumanTaskStatus>())}.");
        }

        var now = clock.GetUtcNow();
        var query = new TaskQuery
        {
            Assignee = assignee,
            CandidateGroups = groups,
            CandidateUser = candidateUser,
            InstanceId = instanceId,
            ProcessKey = InstancesApi.Blank(processKey),
            ElementId = InstancesApi.Blank(elementId),
            DueBefore = overdue == true ? now : null,
            Status = wanted,
            Skip = from,
            Take = count,
        };
        var page = groups is { Count: 0 } ? new TaskPage([], 0) : await engine.QueryTasksAsync(query, cancellationToken);
        return TypedResults.Ok(new PageDto<TaskDto>(page.Items.Select(t => TaskDto.From(t, now)).ToList(), page.Total, from, count));
    }

    private static async Task<Ok<TaskDetailDto>> GetAsync(
        string taskId, HttpContext http, WorkflowEngine engine, TaskActions actions, TaskDescriber describer, TimeProvider clock, CancellationToken cancellationToken)
    {
        var task = await engine.GetTaskAsync(taskId, cancellationToken);
        await AuthorizeAsync(http, actions, task, allowOwnCompleted: true, cancellationToken);
        var description = await describer.DescribeAsync(task, cancellationToken);
        return TypedResults.Ok(new TaskDetailDto(
            TaskDto.From(task, clock.GetUtcNow()),
            description.ProcessName,
            description.SopNumber,
            description.Subject,
            description.Instructions,
            description.Form.Select(FormFieldDto.From).ToList(),
            description.Inputs.Select(d => new DocumentRefDto(d.Name, d.Description)).ToList(),
            description.Outputs.Select(d => new DocumentRefDto(d.Name, d.Description)).ToList(),
            task.Result));
    }

    private static async Task<Ok<TaskDto>> ClaimAsync(
        string taskId, HttpContext http, WorkflowEngine engine, TaskActions actions, TimeProvider clock, CancellationToken cancellationToken)
    {
        var task = await engine.GetTaskAsync(taskId, cancellationToken);
        var caller = await AuthorizeAsync(http, actions, task, allowOwnCompleted: false, cancellationToken);
        await engine.ClaimTaskAsync(taskId, caller.Actor, cancellationToken);
        return TypedResults.Ok(TaskDto.From(await engine.GetTaskAsync(taskId, cancellationToken), clock.GetUtcNow()));
    }

    private static async Task<Ok<TaskDto>> UnclaimAsync(
        string taskId, HttpContext http, WorkflowEngine engine, TaskActions actions, TimeProvider clock, CancellationToken cancellationToken)
    {
        var task = await engine.GetTaskAsync(taskId, cancellationToken);
        var caller = await AuthorizeAsync(http, actions, task, allowOwnCompleted: false, cancellationToken);
        await engine.UnclaimTaskAsync(taskId, caller.Actor, cancellationToken);
        return TypedResults.Ok(TaskDto.From(await engine.GetTaskAsync(taskId, cancellationToken), clock.GetUtcNow()));
    }

    private static async Task<Ok<TaskCompletedDto>> CompleteAsync(
        string taskId,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        HttpContext http,
        WorkflowEngine engine,
        TaskActions actions,
        IOptions<HttpJsonOptions> json,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var task = await engine.GetTaskAsync(taskId, cancellationToken);
        var caller = await AuthorizeAsync(http, actions, task, allowOwnCompleted: true, cancellationToken);
        var key = caller.ScopeIdempotencyKey(idempotencyKey);
        var (formData, files) = await ReadCompletionAsync(http.Request, json.Value.SerializerOptions, cancellationToken);
        if (!task.IsOpen)
        {
            // Done already: with the key of that completion the engine answers quietly, otherwise it says what became of the task.
            await engine.CompleteTaskAsync(taskId, caller.Actor, formData, key, cancellationToken: cancellationToken);
        }
        else
        {
            var entitlement = caller.IsOfficer
                ? await actions.EntitlementAsync(task, caller.Actor, cancellationToken)
                : new Entitlement(true, null);
            await actions.CompleteAsync(task, caller.Actor, entitlement, formData, files, key, cancellationToken: cancellationToken);
        }

        var now = clock.GetUtcNow();
        var completed = await engine.GetTaskAsync(taskId, cancellationToken);
        var open = await engine.QueryTasksAsync(new TaskQuery { InstanceId = task.InstanceId, Take = InstancesApi.MaxTake }, cancellationToken);
        return TypedResults.Ok(new TaskCompletedDto(TaskDto.From(completed, now), open.Items.Select(t => TaskDto.From(t, now)).ToList()));
    }

    private static async Task<Ok<TaskDto>> ReassignAsync(
        string taskId,
        ReassignTaskRequest request,
        HttpContext http,
        WorkflowEngine engine,
        TaskActions actions,
        OrganizationDirectory directory,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var assignee = await RequirePersonAsync(directory, "assignee", request.Assignee, cancellationToken);
        var task = await engine.GetTaskAsync(taskId, cancellationToken);
        var caller = await AuthorizeAsync(http, actions, task, allowOwnCompleted: false, cancellationToken);
        await engine.ReassignTaskAsync(taskId, assignee, caller.Actor, InstancesApi.Blank(request.Reason), cancellationToken);
        return TypedResults.Ok(TaskDto.From(await engine.GetTaskAsync(taskId, cancellationToken), clock.GetUtcNow()));
    }

    private static async Task<Ok<TaskDto>> DelegateAsync(
        string taskId,
        DelegateTaskRequest request,
        HttpContext http,
        WorkflowEngine engine,
        TaskActions actions,
        OrganizationDirectory directory,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var delegateTo = await RequirePersonAsync(directory, "delegateTo", request.DelegateTo, cancellationToken);
        var task = await engine.GetTaskAsync(taskId, cancellationToken);
        var caller = await AuthorizeAsync(http, actions, task, allowOwnCompleted: false, cancellationToken);
        await engine.DelegateTaskAsync(taskId, delegateTo, caller.Actor, cancellationToken);
        return TypedResults.Ok(TaskDto.From(await engine.GetTaskAsync(taskId, cancellationToken), clock.GetUtcNow()));
    }

    /// <summary>
    /// Admins and API keys may act on any task. An officer may act on an open task they are entitled to (their own,
    /// offered to their groups, or of someone they stand in for), and may look at a task they completed themselves.
    /// </summary>
    private static async Task<ApiCaller> AuthorizeAsync(HttpContext http, TaskActions actions, HumanTask task, bool allowOwnCompleted, CancellationToken cancellationToken)
    {
        var caller = await ApiCaller.OfAsync(http);
        if (!caller.IsOfficer)
        {
            return caller;
        }

        if (caller.PersonKey is not null)
        {
            if (task.IsOpen && (await actions.EntitlementAsync(task, caller.PersonKey, cancellationToken)).Allowed)
            {
                return caller;
            }

            if (allowOwnCompleted && task.Status == HumanTaskStatus.Completed && task.CompletedBy == caller.PersonKey)
            {
                return caller;
            }
        }

        throw new ApiException(StatusCodes.Status403Forbidden, "Forbidden", $"Task {task.Id} is not yours to act on.");
    }

    private static async Task<string> RequirePersonAsync(OrganizationDirectory directory, string field, string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw ApiException.Invalid(field, "A person key is required.");
        }

        var person = await directory.FindAsync(key.Trim(), cancellationToken);
        return person is { Active: true }
            ? person.Key
            : throw ApiException.Invalid(field, person is null ? $"There is no person '{key}'." : $"'{key}' is no longer active.");
    }

    /// <summary>The form data (JSON body <c>{"formData": {...}}</c>, or multipart with a 'formData' JSON field) and any documents.</summary>
    private static async Task<(Dictionary<string, JsonNode?> FormData, List<IncomingDocument> Files)> ReadCompletionAsync(
        HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var files = new List<IncomingDocument>();
        Dictionary<string, JsonNode?>? data;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var text = form["formData"].ToString();
            data = string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<Dictionary<string, JsonNode?>>(text, options);
            files.AddRange(form.Files
                .Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName))
                .Select(f => new IncomingDocument(f.FileName, f.ContentType, f.Length, f.OpenReadStream)));
        }
        else if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            data = null;
        }
        else if (!request.HasJsonContentType())
        {
            throw new ApiException(
                StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the form data as application/json, or as multipart/form-data with documents.");
        }
        else
        {
            var body = await request.ReadFromJsonAsync<CompleteTaskRequest>(options, cancellationToken);
            data = body?.FormData;
        }

        return (new Dictionary<string, JsonNode?>(data ?? [], StringComparer.Ordinal), files);
    }
}
