using Kinerja.Engine.Deployment;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Tasks;

namespace Kinerja.Engine.Storage;

/// <summary>An instance as written: the store refuses it unless its stored revision is still <see cref="ExpectedRevision"/>.</summary>
/// <param name="ExpectedRevision">The revision it was loaded at; 0 for a new instance.</param>
/// <param name="SubscriptionsChanged">False when the instance waits for the same messages as before, so an index of them needs no rewrite.</param>
/// <param name="HeaderChanged">
/// False when the instance's status, definition and end are what they were when it was loaded, so a store that indexes them
/// needs to write only the new state and revision.
/// </param>
public sealed record InstanceWrite(ProcessInstance Instance, long ExpectedRevision, bool SubscriptionsChanged = true, bool HeaderChanged = true);

/// <summary>Everything one command changes, written in one transaction or not at all.</summary>
/// <param name="NewTaskIds">The tasks this command created (the others in <see cref="Tasks"/> existed before); null when not known.</param>
public sealed record EngineCommit(
    IReadOnlyList<InstanceWrite> Instances,
    IReadOnlyList<HumanTask> Tasks,
    IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<OutboxMessage> Outbox,
    IReadOnlyList<DeployedDefinition> Definitions,
    string? IdempotencyKey,
    string? IdempotentResult,
    IReadOnlySet<string>? NewTaskIds = null);

/// <summary>Another command changed the instance since it was loaded; reload and retry.</summary>
public sealed class ConcurrencyException : Exception
{
    public ConcurrencyException()
    {
    }

    public ConcurrencyException(string message)
        : base(message)
    {
    }

    public ConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
