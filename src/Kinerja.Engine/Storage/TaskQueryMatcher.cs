using Kinerja.Engine.Tasks;

namespace Kinerja.Engine.Storage;

/// <summary>The meaning of a <see cref="TaskQuery"/> for stores that filter in memory.</summary>
public static class TaskQueryMatcher
{
    public static bool Matches(HumanTask task, TaskQuery query)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(query);
        return (query.Status is null || task.Status == query.Status)
            && (query.Assignee is null || task.Assignee == query.Assignee)
            && (query.CandidateGroups is null || (task.IsOpen && task.Assignee is null && task.CandidateGroups.Any(query.CandidateGroups.Contains)))
            && (query.CandidateUser is null || (task.IsOpen && task.Assignee is null && task.CandidateUsers.Contains(query.CandidateUser)))
            && (query.InstanceId is null || task.InstanceId == query.InstanceId)
            && (query.ProcessKey is null || task.ProcessKey == query.ProcessKey)
            && (query.ElementId is null || task.ElementId == query.ElementId)
            && (query.DueBefore is null || (task.DueAt is { } due && due < query.DueBefore));
    }
}
