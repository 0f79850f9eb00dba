using System.Text.Json.Nodes;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Deployment;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Expressions;
using Kinerja.Engine.History;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Timers;

namespace Kinerja.Engine;

/// <summary>Where a message went: the instance it reached or started.</summary>
public sealed record CorrelationResult(Guid InstanceId, bool StartedNewInstance);

public sealed partial class WorkflowEngine
{
    /// <summary>Starts an instance of the latest (or the given) version at its none start event.</summary>
    public async Task<ProcessInstance> StartAsync(
        string processKey,
        IReadOnlyDictionary<string, JsonNode?>? variables = null,
        string? businessKey = null,
        string? startedBy = null,
        int? version = null,
        string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        ProcessInstance? started = null;
        var (id, replayed) = await ExecuteAsync(startedBy, idempotencyKey, async context =>
        {
            var deployed = await _services.Store.FindDefinitionAsync(processKey, version, cancellationToken)
                ?? throw new NotFoundException(version is null ? $"No process '{processKey}' is deployed." : $"Process '{processKey}' has no version {version}.");
            var runtime = await context.CreateInstanceAsync(deployed, businessKey, null, null, cancellationToken);
            await runtime.StartAsync(null, variables, cancellationToken);
            started = runtime.Instance;
            return runtime.Instance.Id;
        }, cancellationToken);
        return replayed ? await GetInstanceAsync(id, cancellationToken) : started!;
    }

    /// <summary>Cancels a running instance and everything it waits for.</summary>
    public async Task CancelInstanceAsync(Guid instanceId, string reason, string? actor = null, CancellationToken cancellationToken = default)
    {
        await ExecuteAsync(actor, null, async context =>
        {
            var runtime = await context.GetRuntimeAsync(instanceId, cancellationToken);
            runtime.Cancel(reason);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Delivers a message to the instance waiting for it by name and correlation key, or starts an
    /// instance of a process that begins with it. Throws <see cref="NotFoundException"/> when neither exists.
    /// </summary>
    public async Task<CorrelationResult> CorrelateMessageAsync(
        string messageName,
        string? correlationKey,
        IReadOnlyDictionary<string, JsonNode?>? variables = null,
        string? actor = null,
        CancellationToken cancellationToken = default)
    {
        var (result, _) = await ExecuteAsync(actor, null, async context =>
        {
            var waiting = await _services.Store.FindMessageSubscriptionsAsync(messageName, correlationKey, cancellationToken);
            if (waiting.Count > 0)
            {
                var subscription = waiting[0];
                var runtime = await context.GetRuntimeAsync(subscription.InstanceId, cancellationToken);
                await runtime.CorrelateAsync(subscription, variables, cancellationToken);
                return new CorrelationResult(subscription.InstanceId, false);
            }

            foreach (var deployed in await LatestDefinitionsAsync(cancellationToken))
            {
                var process = _services.Definitions.Get(deployed);
                var start = process.Nodes.OfType<StartEvent>().FirstOrDefault(s => s.Trigger == EventTrigger.Message && s.MessageName == messageName);
                if (start is not null)
                {
                    var runtime = await context.CreateInstanceAsync(deployed, correlationKey, null, null, cancellationToken);
                    await runtime.StartAsync(start, variables, cancellationToken);
                    return new CorrelationResult(runtime.Instance.Id, true);
                }
            }

            throw new NotFoundException(
                $"No instance waits for message '{messageName}'{(correlationKey is null ? string.Empty : $" with key '{correlationKey}'")}, and no process starts with it.");
        }, cancellationToken);
        return result;
    }

    /// <summary>
    /// Runs a timer the scheduler port was asked to run. Returns false when it no longer matters (its task
    /// was done, its instance ended, this occurrence already ran): running a timer twice changes nothing twice.
    /// </summary>
    public async Task<bool> FireTimerAsync(ScheduledTimer timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.InstanceId is null)
        {
            var (started, _) = await ExecuteAsync(null, $"timer:{timer.TimerId}:{timer.FiredCount}", context => FireStartTimerAsync(context, timer, cancellationToken), cancellationToken);
            return started;
        }

        var (fired, _) = await ExecuteAsync(null, null, async context =>
        {
            InstanceRuntime runtime;
            try
            {
                runtime = await context.GetRuntimeAsync(timer.InstanceId.Value, cancellationToken);
            }
            catch (NotFoundException)
            {
                return false; // the instance was removed: nothing waits for this timer
            }

            return await runtime.FireTimerAsync(timer, cancellationToken);
        }, cancellationToken);
        return fired;
    }

    private async Task<bool> FireStartTimerAsync(CommandContext context, ScheduledTimer timer, CancellationToken cancellationToken)
    {
        var definitionId = timer.DefinitionId!;
        var key = definitionId[..definitionId.LastIndexOf(':')];
        var latest = await _services.Store.FindDefinitionAsync(key, null, cancellationToken);
        if (latest is null || latest.Id != definitionId)
        {
            return false; // a newer version took over this timer start event
        }

        var process = _services.Definitions.Get(latest);
        var start = (StartEvent)process.GetNode(timer.ElementId);
        var runtime = await context.CreateInstanceAsync(latest, null, null, null, cancellationToken);
        await runtime.StartAsync(start, null, cancellationToken);
        var text = context.Services.Expressions.EvaluateString(start.Timer!.Text, new Dictionary<string, JsonNode?>()) ?? start.Timer.Text;
        var next = TimerInstants.Next(start.Timer, text, start.Id, timer.FiredCount + 1, timer.DueAt, context.Now, context.Calendar(start.Timer.CalendarName));
        if (next is { } at)
        {
            context.Emit(OutboxMessage.ScheduleTimer(timer with { DueAt = at, FiredCount = timer.FiredCount + 1 }));
        }

        return true;
    }

    private async Task<IEnumerable<DeployedDefinition>> LatestDefinitionsAsync(CancellationToken cancellationToken) =>
        (await _services.Store.ListDefinitionsAsync(null, cancellationToken))
            .GroupBy(d => d.ProcessKey)
            .Select(g => g.MaxBy(d => d.Version)!);

    public async Task<ProcessInstance> GetInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        await _services.Store.LoadInstanceAsync(instanceId, cancellationToken)
        ?? throw new NotFoundException($"There is no process instance {instanceId}.");

    public Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        _services.Store.QueryInstancesAsync(query, cancellationToken);

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        _services.Store.GetHistoryAsync(instanceId, cancellationToken);
}
