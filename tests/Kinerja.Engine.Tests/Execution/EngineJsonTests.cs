using System.Text.Json;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Messages;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Engine.Tests.Support;
using Kinerja.Engine.Timers;

namespace Kinerja.Engine.Tests.Execution;

/// <summary>
/// The engine's state is written through compile-time JSON metadata; what it writes must be exactly what the
/// reflection-based <see cref="EngineJson.Options"/> write and read, or rows written before and after would differ.
/// </summary>
public sealed class EngineJsonTests
{
    private static readonly string[] Skpd = Enumerable.Range(1, 42).Select(i => $"SKPD-{i:00}").ToArray();

    /// <summary>The seed SOP fanned out to 42 SKPDs, three of them done: executions, loop items, variables, tasks, timers.</summary>
    private static async Task<EngineHarness> MidFanOutAsync()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(await File.ReadAllTextAsync(RepoPaths.SeedSop));
        var instance = await harness.StartAsync("sop-pengumpulan-data-kinerja", new { skpd = Skpd }, "LKJIP-2025");
        await harness.CompleteAsync(instance.Id, "Task_Disposisi", new { catatanDisposisi = "Kumpulkan data kinerja 2025" }, "kabag");
        await harness.CompleteAsync(instance.Id, "Task_Distribusi", new { batasWaktuSkpd = "2026-03-13", instruksi = "Isi capaian IKU" }, "kasubbag");
        foreach (var task in (await harness.OpenTasksAsync(instance.Id)).Take(3))
        {
            await harness.AdvanceAsync(TimeSpan.FromMinutes(20));
            await harness.Engine.CompleteTaskAsync(task.Id, "operator", EngineHarness.Variables(new { capaianKinerja = "IKU tercapai", jumlahIndikator = 7 }));
        }

        return harness;
    }

    [Fact]
    public async Task AnInstanceMidFanOut_IsWrittenAsReflectionWritesIt_AndReadsBackTheSame()
    {
        var harness = await MidFanOutAsync();
        var instance = await harness.InstanceAsync((await harness.Engine.QueryTasksAsync(new TaskQuery { Take = 1 })).Items[0].InstanceId);
        Assert.True(instance.Executions.Count > 40);
        Assert.NotEmpty(instance.Timers);

        var generated = EngineJson.Serialize(instance);
        Assert.Equal(JsonSerializer.Serialize(instance, EngineJson.Options), generated);
        Assert.Contains("\"status\":\"Running\"", generated, StringComparison.Ordinal);
        Assert.Equal(generated, EngineJson.Serialize(EngineJson.Deserialize<ProcessInstance>(generated)));
        Assert.Equal(generated, JsonSerializer.Serialize(JsonSerializer.Deserialize<ProcessInstance>(generated, EngineJson.Options), EngineJson.Options));
    }

    [Fact]
    public async Task TheStoredState_LeavesOutWhatIsDerivedFromIt_AndRowsWrittenWithItStillRead()
    {
        var harness = await MidFanOutAsync();
        var instance = await harness.InstanceAsync((await harness.Engine.QueryTasksAsync(new TaskQuery { Take = 1 })).Items[0].InstanceId);
        var written = JsonDocument.Parse(EngineJson.Serialize(instance)).RootElement;
        var variables = instance.Variables.Count;
        Assert.True(variables > 0);

        Assert.False(written.TryGetProperty("root", out _));
        Assert.False(written.TryGetProperty("variables", out _));
        Assert.False(written.TryGetProperty("isEnded", out _));
        Assert.All(written.GetProperty("tasks").EnumerateArray(), t => Assert.False(t.TryGetProperty("isOpen", out _)));
        Assert.Equal(variables, written.GetProperty("executions")[0].GetProperty("variables").EnumerateObject().Count());

        // A row written while they were stored (before 2026-12) reads back to the same state.
        var older = JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(EngineJson.Serialize(instance))!;
        older["root"] = older["executions"]![0]!.DeepClone();
        older["variables"] = older["executions"]![0]!["variables"]!.DeepClone();
        older["isEnded"] = false;
        var read = EngineJson.Deserialize<ProcessInstance>(older.ToJsonString());
        Assert.Equal(EngineJson.Serialize(instance), EngineJson.Serialize(read));
        Assert.Equal(variables, read.Variables.Count);
    }

    [Fact]
    public async Task StateWrittenAsUtf8_IsTheUtf8OfTheText()
    {
        var harness = await MidFanOutAsync();
        var instance = await harness.InstanceAsync((await harness.Engine.QueryTasksAsync(new TaskQuery { Take = 1 })).Items[0].InstanceId);
        var tasks = (await harness.Engine.QueryTasksAsync(new TaskQuery { Take = 100, Status = null })).Items;

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(EngineJson.Serialize(instance)), EngineJson.SerializeToUtf8Bytes(instance));
        Assert.All(tasks, t => Assert.Equal(System.Text.Encoding.UTF8.GetBytes(EngineJson.Serialize(t)), EngineJson.SerializeToUtf8Bytes(t)));
    }

    [Fact]
    public async Task TasksAndOutboxMessages_AreWrittenAsReflectionWritesThem_AndReadBackTheSame()
    {
        var harness = await MidFanOutAsync();
        var tasks = (await harness.Engine.QueryTasksAsync(new TaskQuery { Take = 100, Status = null })).Items;
        Assert.Contains(tasks, t => t.Status == HumanTaskStatus.Completed);
        foreach (var task in tasks)
        {
            var json = EngineJson.Serialize(task);
            Assert.Equal(JsonSerializer.Serialize(task, EngineJson.Options), json);
            Assert.Equal(json, EngineJson.Serialize(EngineJson.Deserialize<HumanTask>(json)));
        }

        IReadOnlyList<OutboxMessage> outbox =
        [
            .. harness.Timers.Pending.Take(5).Select((t, i) => new OutboxMessage($"m{i}", t, null, null)),
            new OutboxMessage("cancel", null, harness.Timers.Pending[0].TimerId, null),
            .. harness.Notifications.Published.Take(5).Select((n, i) => new OutboxMessage($"n{i}", null, null, n)),
        ];
        var written = EngineJson.Serialize(outbox);
        Assert.Equal(JsonSerializer.Serialize(outbox, EngineJson.Options), written);
        Assert.Contains("\"purpose\":\"Task", written, StringComparison.Ordinal);
        Assert.Equal(written, EngineJson.Serialize(EngineJson.Deserialize<List<OutboxMessage>>(written)));
    }

    [Theory]
    [InlineData(typeof(ProcessInstance))]
    [InlineData(typeof(ExecutionState))]
    [InlineData(typeof(HumanTask))]
    [InlineData(typeof(TimerSubscription))]
    [InlineData(typeof(MessageSubscription))]
    public void StateIsReadIntoAnObjectMadeFirst_NotGatheredAsConstructorArguments(Type type)
    {
        // An init-only or required member makes the generated reader buffer every value of the object as a constructor
        // argument before it makes the object; reading an instance then takes almost twice as long.
        var info = EngineJsonContext.Default.GetTypeInfo(type)!;

        Assert.NotNull(info.CreateObject);
        Assert.All(info.Properties, p => Assert.Null(p.AssociatedParameter));
    }
}
