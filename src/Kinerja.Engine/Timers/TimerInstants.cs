using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;

namespace Kinerja.Engine.Timers;

/// <summary>When a timer event definition fires, given its text after expressions were evaluated.</summary>
internal static class TimerInstants
{
    /// <summary>The first instant, or null for a cycle that never fires.</summary>
    public static DateTimeOffset? First(TimerDefinition definition, string text, string elementId, DateTimeOffset now, WorkingCalendar calendar) =>
        definition.Kind switch
        {
            TimerKind.Date => TimerDates.TryParse(text)
                ?? throw new EngineException($"The timer date of '{elementId}' is '{text}', not an ISO 8601 date-time.") { ElementId = elementId },
            TimerKind.Duration => calendar.Add(now, ParseDuration(text, elementId), definition.Basis),
            _ => ParseCycle(text, elementId).Next(now, 0, calendar, definition.Basis, null),
        };

    /// <summary>The instant after firing number <paramref name="firedCount"/>, or null when the cycle is spent.</summary>
    public static DateTimeOffset? Next(TimerDefinition definition, string cycleText, string elementId, int firedCount, DateTimeOffset previous, DateTimeOffset now, WorkingCalendar calendar) =>
        definition.Kind == TimerKind.Cycle
            ? ParseCycle(cycleText, elementId).Next(now, firedCount, calendar, definition.Basis, previous)
            : null;

    private static IsoDuration ParseDuration(string text, string elementId) =>
        IsoDuration.TryParse(text, out var duration, out var error)
            ? duration
            : throw new EngineException($"The timer duration of '{elementId}': {error}") { ElementId = elementId };

    private static TimerCycle ParseCycle(string text, string elementId) =>
        TimerCycle.TryParse(text, out var cycle, out var error)
            ? cycle!
            : throw new EngineException($"The timer cycle of '{elementId}': {error}") { ElementId = elementId };
}
