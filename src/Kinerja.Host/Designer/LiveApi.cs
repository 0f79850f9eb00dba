using Kinerja.Engine;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Admin;
using Kinerja.Host.Api;
using Kinerja.Host.Data;
using Kinerja.Host.Mail;
using Kinerja.Host.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Designer;

/// <summary>
/// Counts at one element: tasks waiting, of them overdue (red) and due soon (amber), and of all its tasks how many
/// are done. <see cref="Instances"/> is set for a multi-instance element only: its progress reads Completed/Instances.
/// </summary>
public sealed record LiveElementDto(int Waiting, int Overdue, int DueSoon, int Completed, int Total, int? Instances);

public sealed record LiveTaskDto(string TaskId, string Name, string? Subject, string Holder, DateTimeOffset? DueAt, string? DueText, bool Overdue, bool DueSoon, string Url);

public sealed record LiveStateDto(
    string ProcessKey,
    int Version,
    string XmlUrl,
    int Instances,
    IReadOnlyDictionary<string, LiveElementDto> Elements,
    IReadOnlyList<string> CompletedElements,
    IReadOnlyList<string> CompletedFlows,
    IReadOnlyDictionary<string, IReadOnlyList<LiveTaskDto>> Tasks,
    int RefreshSeconds);

/// <summary>
/// Where running SOPs stand, for the live view: per element of one instance, or of one definition version summed
/// over its running instances. "Due soon" means past the reminder point (the follow-up instant) but not yet due.
/// </summary>
public static class LiveApi
{
    public const int RefreshSeconds = 10;
    private const int MaxTasks = 20_000;

    public static RouteGroupBuilder MapLiveApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/live").RequireAuthorization(ApiSetup.ApiPolicy).WithTags("Live view");
        group.MapGet("/instances/{instanceId:guid}", InstanceAsync).WithSummary("Where one instance stands, element by element.");
        group.MapGet("/definitions/{processKey}", DefinitionAsync).WithSummary("Where the running instances of a version stand, summed per element (latest version by default).");
        group.MapPost("/tasks/{taskId}/remind", RemindAsync).WithSummary("Reminds a task's holders now, each with a fresh personal link.");
        return api;
    }

    public sealed record RemindedDto(string TaskId, int Mails);

    private static async Task<Results<Ok<RemindedDto>, ProblemHttpResult>> RemindAsync(
        string taskId, WorkflowEngine engine, Notifications.NotificationRouter router, HostDbContextFactory contexts, TimeProvider clock, CancellationToken cancellationToken)
    {
        var task = await engine.Store.FindTaskAsync(taskId, cancellationToken);
        if (task is null || !task.IsOpen)
        {
            return task is null ? ApiProblems.NotFound($"There is no task {taskId}.") : ApiProblems.Conflict($"Task {taskId} has ended; there is nobody to remind.");
        }

        var now = clock.GetUtcNow();
        var notification = new Kinerja.Engine.Notifications.Notification(
            $"{task.Id}:manual-reminder:{now.UtcTicks}", Kinerja.Engine.Notifications.NotificationKind.TaskReminder, task.InstanceId, task.Id, task.ElementId, now,
            task.Assignee, task.CandidateGroups, null, 0);
        await router.PublishAsync(notification, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var prefix = notification.Id + "/";
        return TypedResults.Ok(new RemindedDto(task.Id, await db.Mail.CountAsync(KeyPrefix.StartsWith<MailMessage>(db.Database, m => m.Id, prefix), cancellationToken)));
    }

    private static async Task<Results<Ok<LiveStateDto>, ProblemHttpResult>> InstanceAsync(
        Guid instanceId, WorkflowEngine engine, HostDbContextFactory contexts, TaskDescriber describer, TimeProvider clock, CancellationToken cancellationToken)
    {
        ProcessInstance instance;
        try
        {
            instance = await engine.GetInstanceAsync(instanceId, cancellationToken);
        }
        catch (NotFoundException)
        {
            return ApiProblems.NotFound($"There is no instance {instanceId}.");
        }

        var tasks = (await engine.QueryTasksAsync(new TaskQuery { InstanceId = instanceId, Status = null, Take = MaxTasks }, cancellationToken)).Items;
        var process = await engine.Definitions.GetAsync(engine.Store, instance.DefinitionId, cancellationToken);
        var history = await engine.GetHistoryAsync(instanceId, cancellationToken);
        var completed = history.Where(h => h.Kind == HistoryKind.ElementCompleted && h.ElementId is not null).Select(h => h.ElementId!).ToHashSet(StringComparer.Ordinal);
        var started = history.Where(h => h.Kind == HistoryKind.ElementStarted && h.ElementId is not null).Select(h => h.ElementId!).ToHashSet(StringComparer.Ordinal);
        var flows = process.AllFlows().Where(f => completed.Contains(f.SourceId) && (started.Contains(f.TargetId) || completed.Contains(f.TargetId))).Select(f => f.Id).ToList();
        return TypedResults.Ok(await BuildAsync(process, instance.ProcessKey, instance.DefinitionVersion, 1, tasks, completed.Order(StringComparer.Ordinal).ToList(), flows, contexts, describer, clock, cancellationToken));
    }

    private static async Task<Results<Ok<LiveStateDto>, ProblemHttpResult>> DefinitionAsync(
        string processKey, int? version, WorkflowEngine engine, HostDbContextFactory contexts, TaskDescriber describer, TimeProvider clock, CancellationToken cancellationToken)
    {
        var versions = await engine.ListDefinitionsAsync(processKey, cancellationToken);
        var deployed = version is { } v ? versions.FirstOrDefault(d => d.Version == v) : versions.MaxBy(d => d.Version);
        if (deployed is null)
        {
            return ApiProblems.NotFound(version is null ? $"Process '{processKey}' is not deployed." : $"Process '{processKey}' has no version {version}.");
        }

        var running = new HashSet<Guid>();
        for (var skip = 0; ; skip += 500)
        {
            var page = await engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = processKey, Status = InstanceStatus.Running, Skip = skip, Take = 500 }, cancellationToken);
            running.UnionWith(page.Items.Where(i => i.DefinitionId == deployed.Id).Select(i => i.Id));
            if (page.Items.Count < 500)
            {
                break;
            }
        }

        var tasks = (await engine.QueryTasksAsync(new TaskQuery { ProcessKey = processKey, Status = null, Take = MaxTasks }, cancellationToken)).Items
            .Where(t => running.Contains(t.InstanceId))
            .ToList();
        var process = engine.Definitions.Get(deployed);
        return TypedResults.Ok(await BuildAsync(process, processKey, deployed.Version, running.Count, tasks, [], [], contexts, describer, clock, cancellationToken));
    }

    private static async Task<LiveStateDto> BuildAsync(
        ProcessDefinition process,
        string processKey,
        int version,
        int instances,
        IReadOnlyList<HumanTask> tasks,
        IReadOnlyList<string> completedElements,
        IReadOnlyList<string> completedFlows,
        HostDbContextFactory contexts,
        TaskDescriber describer,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var holders = await TaskHolders.LoadAsync(contexts, tasks.Where(t => t.IsOpen), cancellationToken: cancellationToken);
        var elements = new Dictionary<string, LiveElementDto>(StringComparer.Ordinal);
        var lists = new Dictionary<string, IReadOnlyList<LiveTaskDto>>(StringComparer.Ordinal);
        foreach (var byElement in tasks.GroupBy(t => t.ElementId, StringComparer.Ordinal))
        {
            var open = byElement.Where(t => t.IsOpen).OrderBy(t => t.DueAt ?? DateTimeOffset.MaxValue).ToList();
            elements[byElement.Key] = new LiveElementDto(
                open.Count,
                open.Count(t => IsOverdue(t, now)),
                open.Count(t => IsDueSoon(t, now)),
                byElement.Count(t => t.Status == HumanTaskStatus.Completed),
                byElement.Count(),
                process.AllNodes.TryGetValue(byElement.Key, out var node) && node is Activity { MultiInstance: not null } ? byElement.Count() : null);
            var list = new List<LiveTaskDto>();
            foreach (var task in open.Take(200))
            {
                var description = await describer.DescribeAsync(task, cancellationToken);
                list.Add(new LiveTaskDto(task.Id, description.StepName, description.Subject, holders.Holder(task), task.DueAt,
                    description.DueText(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName), IsOverdue(task, now), IsDueSoon(task, now),
                    $"/admin/instans/{task.InstanceId}"));
            }

            lists[byElement.Key] = list;
        }

        return new LiveStateDto(
            processKey, version, $"/api/definitions/{Uri.EscapeDataString(processKey)}/versions/{version}/xml", instances,
            elements, completedElements, completedFlows, lists, RefreshSeconds);
    }

    private static bool IsOverdue(HumanTask task, DateTimeOffset now) => task.DueAt is { } due && due < now;

    private static bool IsDueSoon(HumanTask task, DateTimeOffset now) =>
        !IsOverdue(task, now) && task.FollowUpAt is { } followUp && followUp <= now;

    private static IEnumerable<SequenceFlow> AllFlows(this ProcessDefinition process) =>
        process.Flows.Concat(process.AllNodes.Values.OfType<SubProcess>().SelectMany(s => s.Flows));
}
