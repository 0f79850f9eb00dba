namespace Kinerja.Host.Scheduling;

/// <summary>An engine timer as handed to Hangfire: the Hangfire job that will fire it, found again to delete it.</summary>
public sealed class TimerJob
{
    /// <summary>
    /// The occurrence's key, <c>{engine timer id}#{fired count}</c>: a repeating timer (an escalation each working day)
    /// keeps its engine id, and its next occurrence is scheduled while the one firing may still have its row.
    /// </summary>
    public required string TimerId { get; set; }

    /// <summary>The engine's <c>ScheduledTimer</c>, as JSON.</summary>
    public required string Payload { get; set; }

    public DateTimeOffset DueAt { get; set; }
    public string? HangfireJobId { get; set; }

    public static string KeyOf(Kinerja.Engine.Timers.ScheduledTimer timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return OccurrencePrefix(timer.TimerId) + timer.FiredCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>What the keys of every occurrence of an engine timer start with.</summary>
    public static string OccurrencePrefix(string timerId) => $"{timerId}#";
}
