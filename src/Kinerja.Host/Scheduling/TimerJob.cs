namespace Kinerja.Host.Scheduling;

/// <summary>An engine timer as handed to Hangfire: the Hangfire job that will fire it, found again to delete it.</summary>
public sealed class TimerJob
{
    public required string TimerId { get; set; }

    /// <summary>The engine's <c>ScheduledTimer</c>, as JSON.</summary>
    public required string Payload { get; set; }

    public DateTimeOffset DueAt { get; set; }
    public string? HangfireJobId { get; set; }
}
