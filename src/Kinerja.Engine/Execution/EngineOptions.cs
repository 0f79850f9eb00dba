using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Execution;

/// <summary>The reminder policy a user task follows where its BPMN says nothing.</summary>
public sealed record ReminderDefaults
{
    /// <summary>Remind the assignee at this share of the time standard (80 %).</summary>
    public int ReminderAtPercent { get; init; } = 80;

    /// <summary>Tell the assignee when the deadline arrives.</summary>
    public bool DueNotice { get; init; } = true;

    /// <summary>Tell the supervisor when the deadline has passed.</summary>
    public bool Escalate { get; init; } = true;

    /// <summary>Whom to escalate to: <c>supervisor</c> (the assignee's atasan) or a group.</summary>
    public string EscalateTo { get; init; } = "supervisor";

    /// <summary>Repeat the escalation this often (in working time) while the task stays overdue.</summary>
    public IsoDuration EscalationRepeat { get; init; } = IsoDuration.Parse("P1D");
}

public sealed record EngineOptions
{
    public ReminderDefaults Reminders { get; init; } = new();

    /// <summary>How often a command that lost a race is retried before it gives up.</summary>
    public int MaxCommandAttempts { get; init; } = 8;

    /// <summary>
    /// How long a command waits for the other commands of this engine on the same instance (one at a time, each until its
    /// commit is durable) before it goes ahead anyway and lets the revision check decide.
    /// </summary>
    public TimeSpan MaxWaitForInstance { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A guard against a definition that loops forever without waiting.</summary>
    public int MaxStepsPerCommand { get; init; } = 100_000;

    /// <summary>
    /// True: a command hands its outbox to the ports right after its commit. False: the outbox stays pending
    /// and <see cref="WorkflowEngine.OutboxCommitted"/> tells a dispatcher to drain it with
    /// <see cref="WorkflowEngine.DispatchPendingAsync(int, CancellationToken)"/>, which keeps port calls off the caller's path.
    /// </summary>
    public bool DispatchAfterCommit { get; init; } = true;
}
