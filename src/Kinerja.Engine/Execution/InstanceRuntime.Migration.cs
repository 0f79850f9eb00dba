using System.Text.Json;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Deployment;
using Kinerja.Engine.History;
using Kinerja.Engine.Storage;

namespace Kinerja.Engine.Execution;

internal sealed partial class InstanceRuntime
{
    /// <summary>Moves this running instance to another version of its process, or refuses naming every reason.</summary>
    public void MigrateTo(DeployedDefinition target, ProcessDefinition targetProcess)
    {
        if (Instance.IsEnded)
        {
            throw new MigrationException([$"Instance {Instance.Id} has ended ({Instance.Status}); only running instances move."]);
        }

        var problems = InstanceMigration.FindProblems(Instance, Definition, targetProcess, target.Version);
        if (problems.Count > 0)
        {
            throw new MigrationException(problems);
        }

        // Boundary events that no longer exist (or no longer sit on the same activity) stop listening.
        foreach (var timer in Instance.Timers.Where(t => t.TaskId is null && !StillAttached(targetProcess, t.ElementId)).ToList())
        {
            Instance.Timers.Remove(timer);
            Context.Emit(OutboxMessage.CancelTimer(timer.Id));
        }

        Instance.MessageSubscriptions.RemoveAll(s => !StillAttached(targetProcess, s.ElementId));

        var from = Instance.DefinitionId;
        Instance.DefinitionId = target.Id;
        Instance.DefinitionVersion = target.Version;
        foreach (var task in Instance.Tasks)
        {
            task.DefinitionId = target.Id;
            Context.TaskChanged(task);
        }

        Record(HistoryKind.InstanceMigrated, null, null, JsonSerializer.Serialize(new { from, to = target.Id }));
    }

    private bool StillAttached(ProcessDefinition target, string elementId)
    {
        var before = Definition.GetNode(elementId);
        if (!target.AllNodes.TryGetValue(elementId, out var after) || before.GetType() != after.GetType())
        {
            return false;
        }

        return before is not BoundaryEvent b || (after is BoundaryEvent a && a.AttachedToId == b.AttachedToId && a.Trigger == b.Trigger);
    }
}
