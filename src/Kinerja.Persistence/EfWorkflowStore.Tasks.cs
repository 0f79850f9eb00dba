using Kinerja.Engine.Execution;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Persistence;

public sealed partial class EfWorkflowStore
{
    /// <summary>The inbox: filters run on indexed columns (status, assignee, due) and the candidates table.</summary>
    public async Task<TaskPage> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var tasks = db.Tasks.AsNoTracking();
        if (query.Status is { } status)
        {
            var text = status.ToString();
            tasks = tasks.Where(t => t.Status == text);
        }

        if (query.Assignee is { } assignee)
        {
            tasks = tasks.Where(t => t.Assignee == assignee);
        }

        // Candidate rows exist for open tasks only: driving the query from them reads just the tasks offered.
        if (query.CandidateGroups is { } groups)
        {
            var names = groups.ToList();
            tasks = (from t in tasks
                     join c in db.TaskCandidates on t.Id equals c.TaskId
                     where c.Kind == "g" && names.Contains(c.Name) && t.Assignee == null
                     select t).Distinct();
        }

        if (query.CandidateUser is { } user)
        {
            tasks = from t in tasks
                    join c in db.TaskCandidates on t.Id equals c.TaskId
                    where c.Kind == "u" && c.Name == user && t.Assignee == null
                    select t;
        }

        if (query.InstanceId is { } instanceId)
        {
            var key = RecordMapping.Key(instanceId);
            tasks = tasks.Where(t => t.InstanceId == key);
        }

        if (query.ProcessKey is { } processKey)
        {
            tasks = tasks.Where(t => t.ProcessKey == processKey);
        }

        if (query.ElementId is { } elementId)
        {
            tasks = tasks.Where(t => t.ElementId == elementId);
        }

        if (query.DueBefore is { } dueBefore)
        {
            var ticks = RecordMapping.Ticks(dueBefore);
            tasks = tasks.Where(t => t.DueAtUtcTicks < ticks);
        }

        var total = await tasks.CountAsync(cancellationToken);
        var page = await tasks
            .OrderBy(t => t.DueAtUtcTicks)
            .ThenBy(t => t.CreatedAtUtcTicks)
            .ThenBy(t => t.Id)
            .Skip(query.Skip)
            .Take(query.Take)
            .Select(t => t.TaskJson)
            .ToListAsync(cancellationToken);
        return new TaskPage(page.Select(EngineJson.Deserialize<HumanTask>).ToList(), total);
    }

    public async Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var instances = db.Instances.AsNoTracking();
        if (query.ProcessKey is { } processKey)
        {
            instances = instances.Where(i => i.ProcessKey == processKey);
        }

        if (query.Status is { } status)
        {
            var text = status.ToString();
            instances = instances.Where(i => i.Status == text);
        }

        if (query.BusinessKey is { } businessKey)
        {
            instances = instances.Where(i => i.BusinessKey == businessKey);
        }

        if (query.StartedFrom is { } from)
        {
            var ticks = RecordMapping.Ticks(from);
            instances = instances.Where(i => i.StartedAtUtcTicks >= ticks);
        }

        if (query.StartedBefore is { } before)
        {
            var ticks = RecordMapping.Ticks(before);
            instances = instances.Where(i => i.StartedAtUtcTicks < ticks);
        }

        var total = await instances.CountAsync(cancellationToken);
        var rows = await instances
            .OrderByDescending(i => i.StartedAtUtcTicks)
            .ThenByDescending(i => i.Id)
            .Skip(query.Skip)
            .Take(query.Take)
            .Select(i => new { i.Id, i.ProcessKey, i.DefinitionId, i.BusinessKey, i.Status, i.StartedAtUtcTicks, i.EndedAtUtcTicks })
            .ToListAsync(cancellationToken);
        return new InstancePage(
            rows.Select(r => new InstanceSummary(
                Guid.Parse(r.Id), r.ProcessKey, r.DefinitionId, r.BusinessKey, Enum.Parse<InstanceStatus>(r.Status),
                RecordMapping.Instant(r.StartedAtUtcTicks), r.EndedAtUtcTicks is { } ended ? RecordMapping.Instant(ended) : null)).ToList(),
            total);
    }
}
