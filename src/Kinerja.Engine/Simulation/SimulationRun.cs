using System.Text.Json;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Expressions;
using Kinerja.Engine.History;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.ServiceTasks;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Engine.Timers;

namespace Kinerja.Engine.Simulation;

/// <summary>One simulation: its own engine, store, virtual clock and timers, and the loop that drives them.</summary>
internal sealed class SimulationRun
{
    private const string Simulator = "simulator";

    private readonly SimulationRequest _request;
    private readonly VirtualClock _clock;
    private readonly VirtualTimerScheduler _timers = new();
    private readonly WorkflowEngine _engine;
    private readonly Dictionary<string, UserTask> _userTasks = new(StringComparer.Ordinal);
    private readonly List<SimulatedTask> _done = [];
    private string _doing = "deploying the file";

    public SimulationRun(BpmnDocument document, SimulationRequest request, IWorkingCalendarProvider calendars, EngineOptions options)
    {
        _request = request;
        _clock = new VirtualClock(request.Start);
        var nodes = document.Processes.SelectMany(p => p.AllNodes.Values).ToList();
        foreach (var userTask in nodes.OfType<UserTask>())
        {
            _userTasks.TryAdd(userTask.Id, userTask);
        }

        var handlers = nodes.OfType<ServiceTask>()
            .Select(t => t.Topic)
            .Distinct(StringComparer.Ordinal)
            .Select(topic => new NoOpServiceTaskHandler(topic));
        _engine = new WorkflowEngine(
            new InMemoryWorkflowStore(), _timers, new RecordingNotificationSink(), _clock, calendars, new ServiceTaskRegistry(handlers), options);
    }

    public async Task<SimulationResult> ExecuteAsync(string xml, string processId, CancellationToken cancellationToken)
    {
        Guid? instanceId = null;
        try
        {
            var deployment = await _engine.DeployAsync(xml, _request.SourceName, Simulator, cancellationToken);
            if (!deployment.Succeeded)
            {
                return SimulationResult.Invalid(deployment.Problems);
            }

            _doing = $"starting process '{processId}'";
            var started = await _engine.StartAsync(processId, _request.Variables, _request.BusinessKey, Simulator, cancellationToken: cancellationToken);
            instanceId = started.Id;
            for (var step = 0; ; step++)
            {
                var tree = await LoadTreeAsync(started.Id, cancellationToken);
                if (tree[0].IsEnded)
                {
                    return await ResultAsync(SimulationOutcome.Ended, null, started.Id, cancellationToken);
                }

                if (step >= _request.MaxSteps)
                {
                    return await ResultAsync(
                        SimulationOutcome.StepLimitReached,
                        $"The simulation gave up after {_request.MaxSteps} steps (task completions and timer firings) without the instance ending; the process probably loops.",
                        started.Id,
                        cancellationToken);
                }

                if (NextTask(tree) is { } task)
                {
                    await CompleteAsync(task, cancellationToken);
                }
                else if (!await FireNextTimersAsync(cancellationToken))
                {
                    return await ResultAsync(SimulationOutcome.Stuck, StuckMessage(tree), started.Id, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var error = $"The simulation failed while {_doing}: {Describe(ex)}";
            return instanceId is { } id ? await PartialResultAsync(error, id, cancellationToken) : SimulationResult.Failed(error);
        }
    }

    /// <summary>The root instance first, then the instances its call activities started.</summary>
    private async Task<List<ProcessInstance>> LoadTreeAsync(Guid rootId, CancellationToken cancellationToken)
    {
        var tree = new List<ProcessInstance>();
        var next = new Queue<Guid>([rootId]);
        while (next.TryDequeue(out var id))
        {
            var instance = await _engine.GetInstanceAsync(id, cancellationToken);
            tree.Add(instance);
            foreach (var execution in instance.Executions)
            {
                if (execution.CalledInstanceId is { } child)
                {
                    next.Enqueue(child);
                }
            }
        }

        return tree;
    }

    /// <summary>The task that appeared first; tasks created by one step are taken in the order the engine made them.</summary>
    private static HumanTask? NextTask(List<ProcessInstance> tree) =>
        tree.SelectMany((instance, rank) => instance.Tasks.Where(t => t.IsOpen).Select((task, index) => (Task: task, Rank: rank, Index: index)))
            .OrderBy(t => t.Task.CreatedAt)
            .ThenBy(t => t.Rank)
            .ThenBy(t => t.Index)
            .Select(t => t.Task)
            .FirstOrDefault();

    private async Task CompleteAsync(HumanTask task, CancellationToken cancellationToken)
    {
        _doing = $"completing task '{task.ElementId}'";
        var now = _clock.GetUtcNow();
        var form = _userTasks.TryGetValue(task.ElementId, out var userTask) ? userTask.Form : [];
        var data = FormDataSynthesizer.Synthesize(form, task, now);
        var actor = task.Assignee ?? task.CandidateGroups.FirstOrDefault() ?? task.CandidateUsers.FirstOrDefault() ?? Simulator;
        await _engine.CompleteTaskAsync(task.Id, actor, data, cancellationToken: cancellationToken);
        _done.Add(new SimulatedTask(task.ElementId, task.Name, actor, task.CreatedAt, task.DueAt, now, data));
    }

    /// <summary>Moves the clock to the earliest timer and fires every timer then due, earliest first; false when none is pending.</summary>
    private async Task<bool> FireNextTimersAsync(CancellationToken cancellationToken)
    {
        var earliest = _timers.Pending.FirstOrDefault(t => t.InstanceId is not null);
        if (earliest is null)
        {
            return false;
        }

        if (earliest.DueAt > _clock.GetUtcNow())
        {
            _clock.SetUtcNow(earliest.DueAt);
        }

        // Timer start events are taken and dropped: a dry run follows one instance and starts no others.
        foreach (var timer in _timers.TakeDue(_clock.GetUtcNow()).Where(t => t.InstanceId is not null))
        {
            _doing = $"firing the timer of '{timer.ElementId}'";
            await _engine.FireTimerAsync(timer, cancellationToken);
        }

        return true;
    }

    private static string StuckMessage(List<ProcessInstance> tree)
    {
        var waits = tree
            .SelectMany(instance => instance.Executions
                .Where(e => e.Kind == ExecutionKind.Token)
                .Select(e => WaitDescription(instance, e)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return "The instance is stuck: no task is open and no timer is pending, yet it has not ended. "
            + (waits.Count == 0 ? "No token is left to move." : $"It waits at {string.Join(", ", waits)}.");
    }

    private static string WaitDescription(ProcessInstance instance, ExecutionState execution)
    {
        var message = instance.MessageSubscriptions.Find(s => s.ExecutionId == execution.Id);
        return execution.Phase == ExecutionPhase.Joining ? $"'{execution.ElementId}' (a join whose other branches never arrive)"
            : message is not null ? $"'{execution.ElementId}' (message '{message.MessageName}', which a simulation does not send)"
            : $"'{execution.ElementId}'";
    }

    private async Task<SimulationResult> ResultAsync(SimulationOutcome outcome, string? error, Guid instanceId, CancellationToken cancellationToken)
    {
        var instance = await _engine.GetInstanceAsync(instanceId, cancellationToken);
        var completed = (await _engine.GetHistoryAsync(instanceId, cancellationToken))
            .Where(h => h.Kind == HistoryKind.ElementCompleted && h.ElementId is not null)
            .Select(h => h.ElementId!)
            .ToList();
        var until = instance.EndedAt ?? _clock.GetUtcNow();
        var state = new SimulationEndState(
            instance.ProcessKey, instance.Status, instance.StartedAt, instance.EndedAt, until - instance.StartedAt, instance.Variables);
        return new SimulationResult(outcome, error, [], completed, state, _done.ToList());
    }

    private async Task<SimulationResult> PartialResultAsync(string error, Guid instanceId, CancellationToken cancellationToken)
    {
        try
        {
            return await ResultAsync(SimulationOutcome.Failed, error, instanceId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return SimulationResult.Failed(error);
        }
    }

    private static string Describe(Exception exception) =>
        exception is EngineException or ExpressionException or BpmnValidationException or JsonException or ArgumentException
            ? exception.Message
            : $"{exception.GetType().Name}: {exception.Message}";
}
