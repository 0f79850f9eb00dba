using System.Text.Json.Nodes;
using Kinerja.Engine;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Data;

namespace Kinerja.Host.Tasks;

/// <summary>A task as people read it in mail and on its page: the SOP, the step, what is needed, by when.</summary>
public sealed record TaskDescription(
    HumanTask Task,
    UserTask? Step,
    string ProcessName,
    string? SopNumber,
    string StepName,
    string? Subject,
    WorkingCalendar Calendar)
{
    public IReadOnlyList<DocumentRef> Inputs => Step?.RequiredInputs ?? [];
    public IReadOnlyList<DocumentRef> Outputs => Step?.OutputDocuments ?? [];
    public IReadOnlyList<FormField> Form => Step?.Form ?? [];
    public string? Instructions => Step?.Documentation;

    public string? DueText(string? language) => Task.DueAt is { } due ? TimeText.Instant(due, Calendar, language) : null;

    /// <summary>Working time left until the deadline (negative when overdue).</summary>
    public TimeSpan? WorkingTimeLeft(DateTimeOffset now) =>
        Task.DueAt is not { } due ? null : due >= now ? Calendar.MeasureWorkingTime(now, due) : -Calendar.MeasureWorkingTime(due, now);
}

/// <summary>Builds <see cref="TaskDescription"/>s from the engine's task and its deployed definition.</summary>
public sealed class TaskDescriber(WorkflowEngine engine, IWorkingCalendarProvider calendars, HostReads reads)
{
    public Task<TaskDescription> DescribeAsync(HumanTask task, CancellationToken cancellationToken = default) =>
        DescribeAsync(task, withSubject: true, cancellationToken);

    /// <summary>
    /// The description; without <paramref name="withSubject"/> its <see cref="TaskDescription.Subject"/> is left empty (a
    /// read spared where nothing will show it, such as a post that redirects), for <see cref="WithSubjectAsync"/> to add.
    /// </summary>
    public async Task<TaskDescription> DescribeAsync(HumanTask task, bool withSubject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var process = await engine.Definitions.GetAsync(engine.Store, task.DefinitionId, cancellationToken);
        var step = process.AllNodes.TryGetValue(task.ElementId, out var node) ? node as UserTask : null;
        return new TaskDescription(
            task,
            step,
            process.Header?.Title ?? process.DisplayName,
            process.Header?.Number,
            string.IsNullOrWhiteSpace(task.Name) ? task.ElementId : task.Name,
            withSubject ? await SubjectAsync(task.Context, cancellationToken) : null,
            calendars.Get(task.CalendarName));
    }

    /// <summary>The description with its subject, for one made without it.</summary>
    public async Task<TaskDescription> WithSubjectAsync(TaskDescription description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        return description with { Subject = await SubjectAsync(description.Task.Context, cancellationToken) };
    }

    /// <summary>What tells a fan-out branch from its siblings, in words: an SKPD code becomes the SKPD's name.</summary>
    private async Task<string?> SubjectAsync(IReadOnlyDictionary<string, JsonNode?> context, CancellationToken cancellationToken)
    {
        var values = context
            .Where(c => c.Key != "loopCounter" && !c.Key.StartsWith("nrOf", StringComparison.Ordinal))
            .Select(c => c.Value)
            .Where(v => v is JsonValue)
            .Select(v => v!.ToString())
            .Where(v => v.Length > 0)
            .ToList();
        if (values.Count == 0)
        {
            return null;
        }

        var names = await reads.SkpdNamesAsync(values.Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        return string.Join(", ", values.Select(v => names.GetValueOrDefault(v, v)));
    }
}
