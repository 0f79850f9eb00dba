using Kinerja.Engine.Calendar;
using Kinerja.Engine.Deployment;
using Kinerja.Engine.Expressions;
using Kinerja.Engine.History;
using Kinerja.Engine.ServiceTasks;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;

namespace Kinerja.Engine.Execution;

/// <summary>What every command needs from the engine's surroundings.</summary>
internal sealed record EngineServices(
    IWorkflowStore Store,
    TimeProvider Clock,
    IWorkingCalendarProvider Calendars,
    IExpressionEvaluator Expressions,
    ServiceTaskRegistry Handlers,
    DefinitionCache Definitions,
    EngineOptions Options,
    InstanceGate Gate);

/// <summary>
/// The unit of work of one command: the instances it loaded or created, and every task change,
/// history line and outbox message it produced, turned into one <see cref="EngineCommit"/> at the end.
/// </summary>
internal sealed class CommandContext(EngineServices services, string? actor, InstanceLeases leases)
{
    private readonly Dictionary<Guid, InstanceRuntime> _runtimes = [];
    private readonly Dictionary<Guid, long> _loadedRevisions = [];
    private readonly Dictionary<Guid, HashSet<string>> _loadedSubscriptions = [];
    private readonly Dictionary<Guid, InstanceHeader?> _loadedHeaders = [];
    private readonly HashSet<string> _createdTasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HumanTask> _tasks = new(StringComparer.Ordinal);
    private readonly List<HistoryEntry> _history = [];
    private readonly List<OutboxMessage> _outbox = [];
    private readonly List<DeployedDefinition> _definitions = [];
    private readonly Queue<Func<Task>> _deferred = new();
    private int _steps;

    public EngineServices Services { get; } = services;

    /// <summary>The command's instant: every change it makes is stamped with it.</summary>
    public DateTimeOffset Now { get; } = services.Clock.GetUtcNow();

    public string? Actor { get; } = actor;

    public async Task<InstanceRuntime> GetRuntimeAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        if (_runtimes.TryGetValue(instanceId, out var runtime))
        {
            return runtime;
        }

        await EnterAsync(instanceId, cancellationToken);
        var instance = await Services.Store.LoadInstanceAsync(instanceId, cancellationToken)
            ?? throw new NotFoundException($"There is no process instance {instanceId}.");
        return await TrackAsync(instance, cancellationToken);
    }

    /// <summary>
    /// Starts from an instance the caller has just read, instead of reading it again; the command takes the object over.
    /// Had another command changed the instance since, this command's commit loses its race (the revision check) and the
    /// command runs again from the store.
    /// </summary>
    public async Task AdoptAsync(ProcessInstance instance, CancellationToken cancellationToken)
    {
        if (!_runtimes.ContainsKey(instance.Id))
        {
            await EnterAsync(instance.Id, cancellationToken);
            await TrackAsync(instance, cancellationToken);
        }
    }

    /// <summary>
    /// Waits for the instance's turn (<see cref="InstanceGate"/>). A command that holds a turn already does not wait for
    /// another (two commands each waiting for the other's instance would wait for ever): it goes ahead without it.
    /// </summary>
    private async Task EnterAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var wait = leases.HoldsAny ? TimeSpan.Zero : Services.Options.MaxWaitForInstance;
        if (await Services.Gate.EnterAsync(instanceId, wait, cancellationToken) is { } lease)
        {
            leases.Add(lease);
        }
    }

    /// <summary>Makes a stored instance part of this command, remembering what it was as read (for the commit's checks).</summary>
    private async Task<InstanceRuntime> TrackAsync(ProcessInstance instance, CancellationToken cancellationToken)
    {
        var definition = await Services.Definitions.GetAsync(Services.Store, instance.DefinitionId, cancellationToken);
        var runtime = new InstanceRuntime(this, instance, definition);
        _runtimes[instance.Id] = runtime;
        _loadedRevisions[instance.Id] = instance.Revision;
        _loadedSubscriptions[instance.Id] = SubscriptionIds(instance);
        _loadedHeaders[instance.Id] = InstanceHeader.Of(instance);
        return runtime;
    }

    public async Task<InstanceRuntime> CreateInstanceAsync(
        DeployedDefinition deployed, string? businessKey, Guid? parentInstanceId, string? parentExecutionId, CancellationToken cancellationToken)
    {
        var definition = await Services.Definitions.GetAsync(Services.Store, deployed.Id, cancellationToken);
        var instance = new ProcessInstance
        {
            Id = Guid.CreateVersion7(Now),
            ProcessKey = deployed.ProcessKey,
            DefinitionId = deployed.Id,
            DefinitionVersion = deployed.Version,
            BusinessKey = businessKey,
            StartedAt = Now,
            StartedBy = Actor,
            ParentInstanceId = parentInstanceId,
            ParentExecutionId = parentExecutionId,
        };
        instance.Executions.Add(new ExecutionState
        {
            Id = "e0",
            ElementId = definition.Id,
            Kind = ExecutionKind.Root,
            Phase = ExecutionPhase.Waiting,
            Variables = [],
        });
        var runtime = new InstanceRuntime(this, instance, definition);
        _runtimes[instance.Id] = runtime;
        _loadedRevisions[instance.Id] = 0;
        _loadedSubscriptions[instance.Id] = [];
        _loadedHeaders[instance.Id] = null;
        return runtime;
    }

    public WorkingCalendar Calendar(string? name) => Services.Calendars.Get(name);

    public void TaskChanged(HumanTask task) => _tasks[task.Id] = task;

    public void TaskCreated(HumanTask task)
    {
        _createdTasks.Add(task.Id);
        TaskChanged(task);
    }

    public void Record(HistoryEntry entry) => _history.Add(entry);

    public void Emit(OutboxMessage message) => _outbox.Add(message);

    public void AddDefinition(DeployedDefinition definition) => _definitions.Add(definition);

    /// <summary>Work on another instance (a parent to resume, a child to cancel), done after the current run.</summary>
    public void Defer(Func<Task> work) => _deferred.Enqueue(work);

    public async Task DrainDeferredAsync()
    {
        while (_deferred.TryDequeue(out var work))
        {
            await work();
        }
    }

    public void CountStep(string elementId)
    {
        if (++_steps > Services.Options.MaxStepsPerCommand)
        {
            throw new EngineException(
                $"The command took more than {Services.Options.MaxStepsPerCommand} steps without reaching a wait state; the process loops at '{elementId}'.")
            {
                ElementId = elementId,
            };
        }
    }

    public IReadOnlyList<OutboxMessage> Outbox => _outbox;

    /// <summary>
    /// True when the command changed nothing: every change records history, emits to the outbox, touches a
    /// task or deploys, so a command without any of these (a timer for a task already done) writes nothing.
    /// </summary>
    public bool IsEmpty => _history.Count == 0 && _outbox.Count == 0 && _tasks.Count == 0 && _definitions.Count == 0;

    private static HashSet<string> SubscriptionIds(ProcessInstance instance) =>
        instance.MessageSubscriptions.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);

    public EngineCommit BuildCommit(string? idempotencyKey, string? idempotentResult)
    {
        var writes = new List<InstanceWrite>();
        foreach (var (id, runtime) in _runtimes)
        {
            var expected = _loadedRevisions[id];
            runtime.Instance.Revision = expected + 1;
            var subscriptionsChanged = !_loadedSubscriptions[id].SetEquals(SubscriptionIds(runtime.Instance));
            var headerChanged = _loadedHeaders[id] != InstanceHeader.Of(runtime.Instance);
            writes.Add(new InstanceWrite(runtime.Instance, expected, subscriptionsChanged, headerChanged));
        }

        return new EngineCommit(writes, _tasks.Values.ToList(), _history, _outbox, _definitions, idempotencyKey, idempotentResult, _createdTasks);
    }
}

/// <summary>The columns of an instance a store keeps beside its state, to index and filter by.</summary>
internal readonly record struct InstanceHeader(InstanceStatus Status, string DefinitionId, DateTimeOffset? EndedAt)
{
    public static InstanceHeader Of(ProcessInstance instance) => new(instance.Status, instance.DefinitionId, instance.EndedAt);
}
