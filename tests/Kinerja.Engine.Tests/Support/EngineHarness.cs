using System.Text.Json.Nodes;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.ServiceTasks;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Engine.Timers;
using Microsoft.Extensions.Time.Testing;

namespace Kinerja.Engine.Tests.Support;

/// <summary>An engine on an in-memory store with a fake clock, a virtual timer port and recorded notifications.</summary>
internal sealed class EngineHarness
{
    /// <summary>Monday 2 March 2026, 08:00 WITA: a working morning under the new office hours.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8));

    public EngineHarness(DateTimeOffset? start = null, IEnumerable<IServiceTaskHandler>? handlers = null, EngineOptions? options = null, IWorkflowStore? store = null)
    {
        Store = store ?? new InMemoryWorkflowStore();
        Clock = new FakeTimeProvider(start ?? MondayMorning);
        Calendar = BulelengCalendar.Create();
        Engine = new WorkflowEngine(
            Store, Timers, Notifications, Clock, new WorkingCalendarProvider(Calendar), new ServiceTaskRegistry(handlers ?? []), options);
    }

    public FakeTimeProvider Clock { get; }
    public WorkingCalendar Calendar { get; }
    public IWorkflowStore Store { get; }
    public VirtualTimerScheduler Timers { get; } = new();
    public RecordingNotificationSink Notifications { get; } = new();
    public WorkflowEngine Engine { get; }

    public async Task DeployAsync(string xml)
    {
        var result = await Engine.DeployAsync(xml, "test.bpmn", "tester");
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
    }

    public Task<ProcessInstance> StartAsync(string processKey, object? variables = null, string? businessKey = null) =>
        Engine.StartAsync(processKey, Variables(variables), businessKey, "tester");

    public async Task<IReadOnlyList<HumanTask>> OpenTasksAsync(Guid instanceId) =>
        (await Engine.QueryTasksAsync(new TaskQuery { InstanceId = instanceId, Take = 1000 })).Items;

    public async Task<HumanTask> SingleTaskAsync(Guid instanceId, string elementId)
    {
        var tasks = (await OpenTasksAsync(instanceId)).Where(t => t.ElementId == elementId).ToList();
        Assert.Single(tasks);
        return tasks[0];
    }

    public async Task CompleteAsync(Guid instanceId, string elementId, object? data = null, string actor = "officer")
    {
        var task = await SingleTaskAsync(instanceId, elementId);
        await Engine.CompleteTaskAsync(task.Id, actor, Variables(data));
    }

    public Task<ProcessInstance> InstanceAsync(Guid id) => Engine.GetInstanceAsync(id);

    /// <summary>Moves the clock to <paramref name="until"/>, firing every timer that falls due on the way, in order.</summary>
    public async Task AdvanceToAsync(DateTimeOffset until)
    {
        while (Timers.Pending.FirstOrDefault(t => t.DueAt <= until) is { } next)
        {
            if (next.DueAt > Clock.GetUtcNow())
            {
                Clock.SetUtcNow(next.DueAt);
            }

            foreach (var timer in Timers.TakeDue(Clock.GetUtcNow()))
            {
                await Engine.FireTimerAsync(timer);
            }
        }

        if (until > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(until);
        }
    }

    public Task AdvanceAsync(TimeSpan by) => AdvanceToAsync(Clock.GetUtcNow() + by);

    public async Task<IReadOnlyList<string>> CompletedElementsAsync(Guid instanceId) =>
        (await Engine.GetHistoryAsync(instanceId))
            .Where(h => h.Kind == History.HistoryKind.ElementCompleted)
            .Select(h => h.ElementId!)
            .ToList();

    public static IReadOnlyDictionary<string, JsonNode?>? Variables(object? values) =>
        values switch
        {
            null => null,
            IReadOnlyDictionary<string, JsonNode?> ready => ready,
            _ => JsonSerializerHelper.ToObject(values),
        };
}

internal static class JsonSerializerHelper
{
    public static Dictionary<string, JsonNode?> ToObject(object values)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(values)!.AsObject();
        return node.ToDictionary(p => p.Key, p => p.Value?.DeepClone());
    }
}
