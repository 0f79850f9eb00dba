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
}
