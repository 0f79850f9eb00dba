using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Engine.Tests.Support;
using Kinerja.Testing;

namespace Kinerja.Engine.Tests.Execution;

public sealed class UserTaskTests
{
    private static readonly string TwoSteps = BpmnText.Process($$"""
        <bpmn:startEvent id="start" />
        <bpmn:userTask id="draft" name="Susun disposisi" camunda:candidateGroups="kabag" kinerja:timeStandard="PT60M">
          <bpmn:extensionElements>
            <camunda:formData>
              <camunda:formField id="catatan" label="Catatan" type="string">
                <camunda:validation><camunda:constraint name="required" /></camunda:validation>
              </camunda:formField>
              <camunda:formField id="jumlah" type="long">
                <camunda:validation><camunda:constraint name="min" config="1" /></camunda:validation>
              </camunda:formField>
            </camunda:formData>
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:userTask id="review" camunda:assignee="${reviewer}" />
        <bpmn:endEvent id="end" />
        {{BpmnText.Sequence("draft", "review")}}
        """);

    [Fact]
    public async Task Start_CreatesTheFirstTask_WithItsRoleAndWorkingTimeDeadline()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(TwoSteps);

        var instance = await harness.StartAsync("p", new { reviewer = "kasubbag" });

        var task = await harness.SingleTaskAsync(instance.Id, "draft");
        Assert.Equal("Susun disposisi", task.Name);
        Assert.Equal(["kabag"], task.CandidateGroups);
        Assert.Null(task.Assignee);
        Assert.Equal(harness.Calendar.Add(EngineHarness.MondayMorning, IsoDuration.Parse("PT60M")), task.DueAt);
        Assert.Equal("PT60M", task.TimeStandard);
        Assert.Contains(harness.Notifications.Published, n => n.Kind == NotificationKind.TaskCreated && n.TaskId == task.Id);
    }

    [Fact]
    public async Task CompleteTask_MovesToTheNextStep_AndStoresTheFormData()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(TwoSteps);
        var instance = await harness.StartAsync("p", new { reviewer = "kasubbag" });

        await harness.CompleteAsync(instance.Id, "draft", new { catatan = "Segera", jumlah = "3" });

        var review = await harness.SingleTaskAsync(instance.Id, "review");
        Assert.Equal("kasubbag", review.Assignee);
        var state = await harness.InstanceAsync(instance.Id);
        Assert.Equal("Segera", state.Variables["catatan"]!.GetValue<string>());
        Assert.Equal(3L, state.Variables["jumlah"]!.GetValue<long>());

        await harness.CompleteAsync(instance.Id, "review", actor: "kasubbag");
        state = await harness.InstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, state.Status);
        Assert.Equal(["start", "draft", "review", "end"], await harness.CompletedElementsAsync(instance.Id));
    }

    [Fact]
    public async Task CompleteTask_TellsThePortsTheTaskIsDone_OnceAndOnlyForThatTask()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(TwoSteps);
        var instance = await harness.StartAsync("p", new { reviewer = "kasubbag" });
        var draft = await harness.SingleTaskAsync(instance.Id, "draft");

        await harness.CompleteAsync(instance.Id, "draft", new { catatan = "Segera", jumlah = "3" });

        var completed = Assert.Single(harness.Notifications.Published, n => n.Kind == NotificationKind.TaskCompleted);
        Assert.Equal(draft.Id, completed.TaskId);
        Assert.Equal($"{draft.Id}:TaskCompleted:0", completed.Id);
        var review = await harness.SingleTaskAsync(instance.Id, "review");
        Assert.DoesNotContain(harness.Notifications.Published, n => n.Kind == NotificationKind.TaskCompleted && n.TaskId == review.Id);
    }

    [Fact]
    public async Task CompleteTask_RefusesInvalidFormData_AndChangesNothing()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(TwoSteps);
        var instance = await harness.StartAsync("p", new { reviewer = "kasubbag" });
        var task = await harness.SingleTaskAsync(instance.Id, "draft");

        var error = await Assert.ThrowsAsync<FormValidationException>(() =>
            harness.Engine.CompleteTaskAsync(task.Id, "kabag", EngineHarness.Variables(new { jumlah = "0", extra = "x" })));

        Assert.Equal(["catatan", "extra", "jumlah"], error.Errors.Keys.Order());
        Assert.True((await harness.Engine.GetTaskAsync(task.Id)).IsOpen);
        Assert.DoesNotContain(await harness.Engine.GetHistoryAsync(instance.Id), h => h.Kind == HistoryKind.TaskCompleted);
    }

    [Fact]
    public async Task CompleteTask_Twice_SaysWhoCompletedItFirst()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(TwoSteps);
        var instance = await harness.StartAsync("p", new { reviewer = "kasubbag" });
        var task = await harness.SingleTaskAsync(instance.Id, "draft");
        await harness.Engine.CompleteTaskAsync(task.Id, "kabag", EngineHarness.Variables(new { catatan = "ok" }));

        var error = await Assert.ThrowsAsync<TaskStateException>(() =>
            harness.Engine.CompleteTaskAsync(task.Id, "kabag", EngineHarness.Variables(new { catatan = "again" })));

        Assert.Contains("already completed by kabag", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteTask_FromTheInstanceAsJustRead_ReadsItNoMore_AndMovesOn()
    {
        var store = new CountingStore();
        var harness = new EngineHarness(store: store);
        await harness.DeployAsync(TwoSteps);
        var instance = await harness.StartAsync("p", new { reviewer = "kasubbag" });
        var task = await harness.SingleTaskAsync(instance.Id, "draft");
        var current = (await store.LoadInstanceAsync(instance.Id))!;
        var reads = store.InstanceReads;

        await harness.Engine.CompleteTaskAsync(task.Id, "kabag", EngineHarness.Variables(new { catatan = "ok" }), null, null, current);

        Assert.Equal(reads, store.InstanceReads);
        Assert.Equal("kasubbag", (await harness.SingleTaskAsync(instance.Id, "review")).Assignee);
        Assert.Single(await harness.Engine.GetHistoryAsync(instance.Id), h => h.Kind == HistoryKind.TaskCompleted);
    }

    [Fact]
    public async Task CompleteTask_FromAStaleInstance_LosesItsRace_AndRunsAgainOnTheStoredState()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(TwoSteps);
        var instance = await harness.StartAsync("p", new { reviewer = "kasubbag" });
        var task = await harness.SingleTaskAsync(instance.Id, "draft");
        var stale = (await harness.Store.LoadInstanceAsync(instance.Id))!;
        await harness.Engine.ClaimTaskAsync(task.Id, "kabag"); // another command changes the instance meanwhile

        await harness.Engine.CompleteTaskAsync(task.Id, "kabag", EngineHarness.Variables(new { catatan = "ok" }), null, null, stale);

        var history = await harness.Engine.GetHistoryAsync(instance.Id);
        Assert.Single(history, h => h.Kind == HistoryKind.TaskClaimed);
        Assert.Single(history, h => h.Kind == HistoryKind.TaskCompleted);
        Assert.Equal("kabag", (await harness.Engine.GetTaskAsync(task.Id)).CompletedBy);
        Assert.Equal("kasubbag", (await harness.SingleTaskAsync(instance.Id, "review")).Assignee);
    }

    [Fact]
    public async Task CompleteTask_GivenAnotherInstance_IsRefused_AndChangesNothing()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(TwoSteps);
        var first = await harness.StartAsync("p", new { reviewer = "kasubbag" });
        var second = await harness.StartAsync("p", new { reviewer = "kasubbag" });
        var task = await harness.SingleTaskAsync(first.Id, "draft");
        var other = (await harness.Store.LoadInstanceAsync(second.Id))!;

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            harness.Engine.CompleteTaskAsync(task.Id, "kabag", EngineHarness.Variables(new { catatan = "ok" }), null, null, other));

        Assert.Contains(task.Id, error.Message, StringComparison.Ordinal);
        Assert.Equal(HumanTaskStatus.Open, (await harness.Engine.GetTaskAsync(task.Id)).Status);
    }

    /// <summary>The in-memory store, counting the instances read from it.</summary>
    private sealed class CountingStore() : DelegatingWorkflowStore(new InMemoryWorkflowStore())
    {
        public int InstanceReads { get; private set; }

        public override Task<ProcessInstance?> LoadInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default)
        {
            InstanceReads++;
            return base.LoadInstanceAsync(instanceId, cancellationToken);
        }
    }

    [Fact]
    public async Task CompleteTask_WithTheSameIdempotencyKey_CompletesOnce()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(TwoSteps);
        var instance = await harness.StartAsync("p", new { reviewer = "kasubbag" });
        var task = await harness.SingleTaskAsync(instance.Id, "draft");
        var data = EngineHarness.Variables(new { catatan = "ok" });

        await harness.Engine.CompleteTaskAsync(task.Id, "kabag", data, idempotencyKey: "req-1");
        await harness.Engine.CompleteTaskAsync(task.Id, "kabag", data, idempotencyKey: "req-1");

        Assert.Single(await harness.Engine.GetHistoryAsync(instance.Id), h => h.Kind == HistoryKind.TaskCompleted);
    }

    [Fact]
    public async Task CompleteTask_WithDocuments_KeepsTheirReferencesWithTheResult_AndAsAVariable()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(TwoSteps);
        var instance = await harness.StartAsync("p", new { reviewer = "kasubbag" });
        var task = await harness.SingleTaskAsync(instance.Id, "draft");
        var document = new TaskDocument("d1", "disposisi.pdf", new string('a', 64), 1234);

        await harness.Engine.CompleteTaskAsync(task.Id, "kabag", EngineHarness.Variables(new { catatan = "ok" }), documents: [document]);

        var done = await harness.Engine.GetTaskAsync(task.Id);
        var stored = done.Result![TaskDocument.VariableName("draft")]!.AsArray().Single()!;
        Assert.Equal("disposisi.pdf", stored["fileName"]!.GetValue<string>());
        Assert.Equal(1234, stored["size"]!.GetValue<long>());
        var variables = (await harness.InstanceAsync(instance.Id)).Variables;
        Assert.True(variables.ContainsKey("draft_documents"));
    }

    [Fact]
    public async Task Claim_ByAnother_IsRefused_UntilUnclaimed()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(TwoSteps);
        var instance = await harness.StartAsync("p", new { reviewer = "kasubbag" });
        var task = await harness.SingleTaskAsync(instance.Id, "draft");

        await harness.Engine.ClaimTaskAsync(task.Id, "ani");
        await Assert.ThrowsAsync<TaskStateException>(() => harness.Engine.ClaimTaskAsync(task.Id, "budi"));
        await Assert.ThrowsAsync<TaskStateException>(() =>
            harness.Engine.CompleteTaskAsync(task.Id, "budi", EngineHarness.Variables(new { catatan = "x" })));
        await harness.Engine.UnclaimTaskAsync(task.Id, "ani");
        await harness.Engine.ClaimTaskAsync(task.Id, "budi");

        Assert.Equal("budi", (await harness.Engine.GetTaskAsync(task.Id)).Assignee);
        var kinds = (await harness.Engine.GetHistoryAsync(instance.Id)).Select(h => h.Kind).ToList();
        Assert.Equal(2, kinds.Count(k => k == HistoryKind.TaskClaimed));
        Assert.Single(kinds, k => k == HistoryKind.TaskUnclaimed);
    }

    [Fact]
    public async Task Reassign_And_Delegate_AreRecorded_AndNotifyTheNewPerson()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(TwoSteps);
        var instance = await harness.StartAsync("p", new { reviewer = "kasubbag" });
        await harness.CompleteAsync(instance.Id, "draft", new { catatan = "ok" });
        var review = await harness.SingleTaskAsync(instance.Id, "review");

        await harness.Engine.DelegateTaskAsync(review.Id, "staf", "kasubbag");
        var delegated = await harness.Engine.GetTaskAsync(review.Id);
        Assert.Equal(("staf", "kasubbag"), (delegated.Assignee, delegated.Owner));

        await harness.Engine.ReassignTaskAsync(review.Id, "plh-kasubbag", "admin", "Kasubbag cuti");
        Assert.Equal("plh-kasubbag", (await harness.Engine.GetTaskAsync(review.Id)).Assignee);

        var history = await harness.Engine.GetHistoryAsync(instance.Id);
        Assert.Contains(history, h => h.Kind == HistoryKind.TaskDelegated && h.Actor == "kasubbag");
        Assert.Contains(history, h => h.Kind == HistoryKind.TaskReassigned && h.Data!.Contains("Kasubbag cuti", StringComparison.Ordinal));
        Assert.Equal(2, harness.Notifications.Published.Count(n => n.Kind == NotificationKind.TaskAssigned && n.TaskId == review.Id));
    }
}
