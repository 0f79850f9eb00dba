using Kinerja.Engine.Bpmn;

namespace Kinerja.Engine.Execution;

/// <summary>A running instance cannot move to the version asked for; <see cref="Problems"/> says where and why.</summary>
public sealed class MigrationException : EngineException
{
    public MigrationException(IReadOnlyList<string> problems)
        : base("The instance cannot move to that version: " + string.Join(" ", problems)) => Problems = problems;

    public MigrationException()
        : this([])
    {
    }

    public MigrationException(string message)
        : base(message) => Problems = [message];

    public MigrationException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    public IReadOnlyList<string> Problems { get; }
}

/// <summary>
/// Checks that every place an instance waits at exists in another version of its process as the same
/// kind of element, in the same scope, with multi-instance where it has it: the rule for moving a
/// running instance to a new version. Boundary events that are gone stop listening; new ones are not
/// attached to activities that were already waiting.
/// </summary>
internal static class InstanceMigration
{
    public static List<string> FindProblems(ProcessInstance instance, ProcessDefinition source, ProcessDefinition target, int targetVersion)
    {
        var problems = new List<string>();
        foreach (var elementId in instance.Executions.Where(e => e.Kind != ExecutionKind.Root).Select(e => e.ElementId).Distinct())
        {
            var before = source.GetNode(elementId);
            if (!target.AllNodes.TryGetValue(elementId, out var after))
            {
                problems.Add($"'{elementId}' ({before.DisplayName}), where the instance waits, does not exist in version {targetVersion}.");
                continue;
            }

            if (before.GetType() != after.GetType())
            {
                problems.Add($"'{elementId}' is a {before.GetType().Name} where the instance waits but a {after.GetType().Name} in version {targetVersion}.");
            }
            else if (before.Scope.Id != after.Scope.Id)
            {
                problems.Add($"'{elementId}' moved from '{before.Scope.Id}' to '{after.Scope.Id}' in version {targetVersion}.");
            }
            else if ((before as Activity)?.MultiInstance is null != ((after as Activity)?.MultiInstance is null))
            {
                problems.Add($"'{elementId}' {((before as Activity)?.MultiInstance is null ? "gained" : "lost")} its multi-instance in version {targetVersion}.");
            }
        }

        return problems;
    }
}
