using Kinerja.Engine.Calendar;
using Kinerja.Engine.Deployment;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Expressions;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.ServiceTasks;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Timers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kinerja.Engine;

/// <summary>
/// The engine's front door. Every command loads what it needs from the store, moves tokens to their
/// next wait states, commits all of it (instances, tasks, history, outbox) as one unit, retries when it
/// lost a race with another command, and only then hands the outbox to the timer and notification ports.
/// </summary>
public sealed partial class WorkflowEngine
{
    private readonly EngineServices _services;
    private readonly ITimerScheduler _timers;
    private readonly INotificationSink _notifications;
    private readonly ILogger _logger;

    public WorkflowEngine(
        IWorkflowStore store,
        ITimerScheduler timers,
        INotificationSink notifications,
        TimeProvider clock,
        IWorkingCalendarProvider calendars,
        ServiceTaskRegistry? handlers = null,
        EngineOptions? options = null,
        IExpressionEvaluator? expressions = null,
        ILogger<WorkflowEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timers);
        ArgumentNullException.ThrowIfNull(notifications);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(calendars);
        _services = new EngineServices(
            store,
            clock,
            calendars,
            expressions ?? new JintExpressionEvaluator(clock),
            handlers ?? new ServiceTaskRegistry(),
            new DefinitionCache(),
            options ?? new EngineOptions(),
            new InstanceGate());
        _timers = timers;
        _notifications = notifications;
        _logger = logger ?? NullLogger<WorkflowEngine>.Instance;
    }

    public IWorkflowStore Store => _services.Store;

    /// <summary>Raised after a commit that left outbox messages pending (when <see cref="EngineOptions.DispatchAfterCommit"/> is false).</summary>
    public event EventHandler? OutboxCommitted;

    public DefinitionCache Definitions => _services.Definitions;

    private async Task<(T Result, bool Replayed)> ExecuteAsync<T>(
        string? actor, string? idempotencyKey, Func<CommandContext, Task<T>> command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (idempotencyKey is not null
                && await _services.Store.FindIdempotentResultAsync(idempotencyKey, cancellationToken) is { } prior)
            {
                return (EngineJson.Deserialize<T>(prior), true);
            }

            CommandRun<T> run;
            var lostRace = false;
            using (var leases = new InstanceLeases())
            {
                run = await RunCommandAsync(actor, idempotencyKey, command, leases, cancellationToken);
                if (run.Committing is null)
                {
                    return (run.Result, false);
                }

                try
                {
                    await run.Committing;
                }
                catch (ConcurrencyException) when (attempt < _services.Options.MaxCommandAttempts)
                {
                    // Another command changed one of these instances first (another host's, or one this command did not
                    // wait for): start over from fresh state, once the turns are given back.
                    lostRace = true;
                }
            }

            if (lostRace)
            {
                await Task.Yield();
                continue;
            }

            if (run.Outbox.Count > 0)
            {
                if (_services.Options.DispatchAfterCommit)
                {
                    await DispatchAsync(run.Outbox, beforeEachPortCall: null, cancellationToken);
                }
                else
                {
                    OutboxCommitted?.Invoke(this, EventArgs.Empty);
                }
            }

            return (run.Result, false);
        }
    }

    /// <summary>
    /// Runs the command and hands its commit to the store. Only what the caller needs after the commit leaves this
    /// method (the result, the outbox): while the store's writer catches up, the instances the command built are no
    /// longer reachable, so a collection during a burst of commands does not have to keep them.
    /// </summary>
    private async Task<CommandRun<T>> RunCommandAsync<T>(
        string? actor, string? idempotencyKey, Func<CommandContext, Task<T>> command, InstanceLeases leases, CancellationToken cancellationToken)
    {
        var context = new CommandContext(_services, actor, leases);
        var result = await command(context);
        await context.DrainDeferredAsync();
        if (context.IsEmpty && idempotencyKey is null)
        {
            return new CommandRun<T>(result, null, []);
        }

        var commit = context.BuildCommit(idempotencyKey, idempotencyKey is null ? null : EngineJson.Serialize(result));
        Task committing;
        try
        {
            committing = _services.Store.CommitAsync(commit, cancellationToken);
        }
        catch (Exception ex)
        {
            // A store that refuses at once (a lost race found before anything was queued) is retried like one that refuses later.
            committing = Task.FromException(ex);
        }

        return new CommandRun<T>(result, committing, commit.Outbox);
    }

    /// <param name="Committing">The store's commit under way; null when the command changed nothing.</param>
    private readonly record struct CommandRun<T>(T Result, Task? Committing, IReadOnlyList<OutboxMessage> Outbox);

    /// <summary>
    /// Hands committed outbox messages to the ports, in order; what fails stays pending, with everything after it, for
    /// <see cref="DispatchPendingAsync(int, CancellationToken)"/>. Consecutive timer changes go to the timer port in one
    /// call (a completion's cancellations follow the previous completion's new timers), which is one port call, one turn.
    /// </summary>
    private async Task DispatchAsync(
        IReadOnlyList<OutboxMessage> messages, Func<CancellationToken, Task>? beforeEachPortCall, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var done = new List<string>(messages.Count);
        var timerChanges = new List<TimerChange>();
        for (var next = 0; next < messages.Count;)
        {
            var first = next;
            try
            {
                if (beforeEachPortCall is not null)
                {
                    await beforeEachPortCall(cancellationToken);
                }

                timerChanges.Clear();
                while (next < messages.Count && TimerChangeOf(messages[next]) is { } change)
                {
                    timerChanges.Add(change);
                    next++;
                }

                if (timerChanges.Count > 0)
                {
                    await _timers.ApplyAsync(timerChanges, cancellationToken);
                }
                else
                {
                    if (messages[next].Notification is { } notification)
                    {
                        await _notifications.PublishAsync(notification, cancellationToken);
                    }

                    next++;
                }

                for (var i = first; i < next; i++)
                {
                    done.Add(messages[i].Id);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDispatchFailed(_logger, messages[first].Id, ex);
                break; // keep the order: later messages wait for this one
            }
        }

        await _services.Store.MarkOutboxDispatchedAsync(done, cancellationToken);
    }

    private static TimerChange? TimerChangeOf(OutboxMessage message) =>
        message.Schedule is { } timer ? TimerChange.ToSchedule(timer)
        : message.CancelTimerId is { } timerId ? TimerChange.ToCancel(timerId)
        : null;

    /// <summary>Dispatches outbox messages left over by a failed dispatch or a crash; returns how many were pending.</summary>
    public Task<int> DispatchPendingAsync(int max = 500, CancellationToken cancellationToken = default) =>
        DispatchPendingAsync(max, beforeEachPortCall: null, cancellationToken);

    /// <summary>
    /// Dispatches up to <paramref name="max"/> pending outbox messages (whole commits), awaiting
    /// <paramref name="beforeEachPortCall"/> before each call to a port (a notification, or a run of timer changes): a host
    /// lets its requests go first there, between one port call and the next rather than only between batches. Returns
    /// how many were pending.
    /// </summary>
    public async Task<int> DispatchPendingAsync(int max, Func<CancellationToken, Task>? beforeEachPortCall, CancellationToken cancellationToken = default)
    {
        var pending = await _services.Store.GetPendingOutboxAsync(max, cancellationToken);
        await DispatchAsync(pending, beforeEachPortCall, cancellationToken);
        return pending.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatching outbox message {MessageId} failed; it stays pending, and the messages after it")]
    private static partial void LogDispatchFailed(ILogger logger, string messageId, Exception exception);
}
