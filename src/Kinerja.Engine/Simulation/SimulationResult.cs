using System.Text.Json.Nodes;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Execution;

namespace Kinerja.Engine.Simulation;

public enum SimulationOutcome
{
    /// <summary>The instance reached its end (completed, or terminated by a terminate end event).</summary>
    Ended,

    /// <summary>The file would not deploy; see <see cref="SimulationResult.Problems"/>.</summary>
    Invalid,

    /// <summary>The instance waits for something a simulation cannot give (a message, a missing task or timer).</summary>
    Stuck,

    /// <summary>The run took more steps than allowed: the process most likely loops.</summary>
    StepLimitReached,

    /// <summary>The request could not be honoured, or the engine refused a step (a bad expression, a form that cannot be filled …).</summary>
    Failed,
}

/// <summary>
/// The outcome of a dry run. Only <see cref="SimulationOutcome.Ended"/> is a success; otherwise <see cref="Error"/>
/// (or <see cref="Problems"/>) says why, and the other members show how far the instance got.
/// </summary>
public sealed record SimulationResult(
    SimulationOutcome Outcome,
    string? Error,
    IReadOnlyList<BpmnProblem> Problems,
    IReadOnlyList<string> CompletedElements,
    SimulationEndState? EndState,
    IReadOnlyList<SimulatedTask> Tasks)
{
    public bool Succeeded => Outcome == SimulationOutcome.Ended;

    internal static SimulationResult Invalid(IReadOnlyList<BpmnProblem> problems) =>
        new(SimulationOutcome.Invalid, "The file would not deploy.", problems, [], null, []);

    internal static SimulationResult Failed(string error) =>
        new(SimulationOutcome.Failed, error, [], [], null, []);
}

/// <summary>Where the instance stood when the run stopped.</summary>
/// <param name="Duration">Virtual time from the start to the end (or to where the run stopped).</param>
public sealed record SimulationEndState(
    string ProcessKey,
    InstanceStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    TimeSpan Duration,
    IReadOnlyDictionary<string, JsonNode?> Variables);

/// <summary>A task the simulation did, with the deadline it had and when it was done.</summary>
public sealed record SimulatedTask(
    string ElementId,
    string Name,
    string Actor,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset CompletedAt,
    IReadOnlyDictionary<string, JsonNode?> FormData);
