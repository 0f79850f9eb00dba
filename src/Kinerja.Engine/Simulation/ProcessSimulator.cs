using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;

namespace Kinerja.Engine.Simulation;

/// <summary>
/// A dry run of a BPMN file: deploys it into a store of its own, starts one instance on a virtual clock, and
/// plays it out as if every officer did their task the moment it appeared and every timer ran at its instant.
/// Service and send tasks pass through handlers that do nothing. Shows the path an SOP takes and how long it lasts.
/// </summary>
public sealed class ProcessSimulator
{
    private readonly IWorkingCalendarProvider _calendars;
    private readonly EngineOptions _engineOptions;

    public ProcessSimulator(IWorkingCalendarProvider? calendars = null, EngineOptions? engineOptions = null)
    {
        _calendars = calendars ?? new WorkingCalendarProvider(BulelengCalendar.Create());
        _engineOptions = engineOptions ?? new EngineOptions();
    }

    /// <summary>
    /// Runs the simulation. Whatever the file or the variables hold, the answer is a result, never an
    /// exception: an invalid file, a stuck or looping process and a step the engine refuses all come back as
    /// an <see cref="SimulationResult.Outcome"/> with the reason. Only cancellation and a null or
    /// out-of-range argument throw.
    /// </summary>
    public async Task<SimulationResult> RunAsync(string xml, SimulationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxSteps, 1, nameof(request));
        try
        {
            var document = BpmnParser.Parse(xml);
            if (!document.IsValid)
            {
                return SimulationResult.Invalid(document.Problems);
            }

            var (process, error) = ChooseProcess(document, request.ProcessId);
            return process is null
                ? SimulationResult.Failed(error!)
                : await new SimulationRun(document, request, _calendars, _engineOptions).ExecuteAsync(xml, process.Id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The parser and the run report what they know; this is the net for what nobody foresaw.
            return SimulationResult.Failed($"The simulation failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static (ProcessDefinition? Process, string? Error) ChooseProcess(BpmnDocument document, string? processId)
    {
        var ids = string.Join(", ", document.Processes.Select(p => p.Id));
        if (processId is not null)
        {
            var chosen = document.Processes.FirstOrDefault(p => p.Id == processId);
            return chosen is null ? (null, $"The file has no executable process '{processId}' (it has: {ids}).") : (chosen, null);
        }

        // A process that another one calls is a part, not where a run begins.
        var called = document.Processes
            .SelectMany(p => p.AllNodes.Values.OfType<CallActivity>())
            .Select(c => c.CalledElement)
            .ToHashSet(StringComparer.Ordinal);
        var candidates = document.Processes.Where(p => !called.Contains(p.Id)).ToList();
        return candidates.Count == 1
            ? (candidates[0], null)
            : (null, $"The file holds several processes ({ids}); name the one to simulate.");
    }
}
