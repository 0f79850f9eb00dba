using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kinerja.Engine.History;
using Kinerja.Engine.ServiceTasks;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Organization;
using Kinerja.Host.Tests.Api;
using Kinerja.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Admin;

/// <summary>
/// Two hosts on one database, as when the host is scaled out on PostgreSQL: each host lets its own commands on an instance
/// take turns, but a command of the other host can still commit first. A completion that lost that race past the engine's
/// attempts (one here) is refused with nothing of it saved, and says so: not a server error; sent again, it completes.
/// </summary>
public sealed class OvertakenByAnotherHostTests
{
    private const string Password = "Petugas#Kinerja2026";

    /// <summary>Two tasks in parallel; completing the first runs a service task before the branches join.</summary>
    private const string TwoBranches = $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
          <bpmn:process id="dua-cabang" isExecutable="true">
            <bpmn:startEvent id="Mulai" />
            <bpmn:sequenceFlow id="f1" sourceRef="Mulai" targetRef="Pisah" />
            <bpmn:parallelGateway id="Pisah" />
            <bpmn:sequenceFlow id="f2" sourceRef="Pisah" targetRef="Task_Kabag" />
            <bpmn:sequenceFlow id="f3" sourceRef="Pisah" targetRef="Task_Kasubbag" />
            <bpmn:userTask id="Task_Kabag" name="Menetapkan arahan" camunda:assignee="{DemoOrganization.Kabag}">
              <bpmn:extensionElements>
                <camunda:formData>
                  <camunda:formField id="arahan" label="Arahan" type="string">
                    <camunda:validation><camunda:constraint name="required" /></camunda:validation>
                  </camunda:formField>
                </camunda:formData>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:userTask id="Task_Kasubbag" name="Menyiapkan bahan" camunda:assignee="{DemoOrganization.Kasubbag}" />
            <bpmn:sequenceFlow id="f4" sourceRef="Task_Kabag" targetRef="Catat" />
            <bpmn:serviceTask id="Catat" name="Mencatat arahan" camunda:type="external" camunda:topic="{OtherHostFirst.TopicName}" />
            <bpmn:sequenceFlow id="f5" sourceRef="Catat" targetRef="Gabung" />
            <bpmn:sequenceFlow id="f6" sourceRef="Task_Kasubbag" targetRef="Gabung" />
            <bpmn:parallelGateway id="Gabung" />
            <bpmn:sequenceFlow id="f7" sourceRef="Gabung" targetRef="Selesai" />
            <bpmn:endEvent id="Selesai" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task AnInboxCompletionThatTheOtherHostOvertook_GetsItsFormBackWithAMessage_SavesNothing_AndSendingItAgainCompletes()
    {
        await using var hosts = await TwoHostsAsync();
        await Browser.CreateAccountAsync(hosts.First, DemoOrganization.Kabag, Password);
        using var kabag = await Browser.SignInAsync(hosts.First, DemoOrganization.Kabag, Password);
        var taskPage = $"/kotak/{hosts.KabagTask.Id}";

        // While the first host completes the task, the other host completes the parallel one and commits first.
        var overtaken = await kabag.PostFormAsync(taskPage, [new("arahan", Arahan)]);

        Assert.Equal(HttpStatusCode.Conflict, overtaken.StatusCode);
        var page = await Browser.TextAsync(overtaken);
        Assert.Contains("data-error=\"changed-meanwhile\"", page, StringComparison.Ordinal);
        Assert.Contains("belum tersimpan", page, StringComparison.Ordinal);
        Assert.Contains($">{Arahan}</textarea>", page, StringComparison.Ordinal); // what was entered comes back
        await hosts.AssertNothingOfTheFirstSavedAsync();

        var sentAgain = await kabag.PostFormAsync(taskPage, [new("arahan", Arahan)]);

        Assert.Equal(HttpStatusCode.Redirect, sentAgain.StatusCode);
        Assert.Equal("/kotak", sentAgain.Headers.Location!.OriginalString);
        await hosts.AssertCompletedAsync();
    }

    [Fact]
    public async Task AnApiCompletionThatTheOtherHostOvertook_Answers409ProblemDetails_SavesNothing_AndSendingItAgainCompletes()
    {
        await using var hosts = await TwoHostsAsync();
        using var kabag = await ApiClients.OfficerAsync(hosts.First, DemoOrganization.Kabag);
        var complete = $"/api/tasks/{hosts.KabagTask.Id}/complete";

        var overtaken = await kabag.PostAsJsonAsync(complete, new { formData = new { arahan = Arahan } });

        var problem = await overtaken.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Changed meanwhile", problem["title"].Text());
        await hosts.AssertNothingOfTheFirstSavedAsync();

        var sentAgain = await kabag.PostAsJsonAsync(complete, new { formData = new { arahan = Arahan } });

        Assert.Equal(HttpStatusCode.OK, sentAgain.StatusCode);
        await hosts.AssertCompletedAsync();
    }

    private const string Arahan = "Siapkan bahan rapat evaluasi.";

    /// <summary>The first host (one attempt per command, the service task's handler) and the other on its data folder, an instance started.</summary>
    private static async Task<TwoHosts> TwoHostsAsync()
    {
        var otherHostFirst = new OtherHostFirst();
        var first = await KinerjaHost.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Kinerja:Engine:MaxCommandAttempts"] = "1",
                ["Kinerja:Database:SharedWithOtherHosts"] = "true", // two hosts on the SQLite files, standing in for PostgreSQL's
            },
            services: s => s.AddSingleton<IServiceTaskHandler>(otherHostFirst));
        var other = first.Beside();
        otherHostFirst.Other = other;
        var deployed = await first.Engine.DeployAsync(TwoBranches, "dua-cabang.bpmn");
        Assert.True(deployed.Succeeded, string.Join("; ", deployed.Problems));
        var instance = await first.Engine.StartAsync("dua-cabang", businessKey: "DC-1");
        var kabagTask = Assert.Single((await first.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id, ElementId = "Task_Kabag" })).Items);
        return new TwoHosts(first, other, otherHostFirst, instance.Id, kabagTask);
    }

    private sealed record TwoHosts(KinerjaHost First, KinerjaHost Other, OtherHostFirst OtherHostFirst, Guid InstanceId, HumanTask KabagTask) : IAsyncDisposable
    {
        /// <summary>The other host's completion is kept; of the first host's nothing is: its task is open and not in the history.</summary>
        public async Task AssertNothingOfTheFirstSavedAsync()
        {
            Assert.Equal(1, OtherHostFirst.Overtakes);
            Assert.Equal(HumanTaskStatus.Open, (await First.Engine.GetTaskAsync(KabagTask.Id)).Status);
            var history = await First.Engine.GetHistoryAsync(InstanceId);
            Assert.DoesNotContain(history, h => h.Kind == HistoryKind.TaskCompleted && h.ElementId == "Task_Kabag");
            Assert.Single(history, h => h.Kind == HistoryKind.TaskCompleted && h.ElementId == "Task_Kasubbag");
        }

        public async Task AssertCompletedAsync()
        {
            var completed = await First.Engine.GetTaskAsync(KabagTask.Id);
            Assert.Equal(HumanTaskStatus.Completed, completed.Status);
            Assert.Equal(Arahan, completed.Result!["arahan"]!.GetValue<string>());
            Assert.True((await First.Engine.GetInstanceAsync(InstanceId)).IsEnded);
        }

        public async ValueTask DisposeAsync()
        {
            await Other.DisposeAsync();
            await First.DisposeAsync();
        }
    }

    /// <summary>
    /// The service task after the first branch. The first time it runs, it has the other host complete the parallel task:
    /// a real commit on the same instance by another engine, landing between this command's read and its commit.
    /// </summary>
    private sealed class OtherHostFirst : IServiceTaskHandler
    {
        public const string TopicName = "test.host-lain-dulu";

        public KinerjaHost? Other { get; set; }

        public int Overtakes { get; private set; }

        public string Topic => TopicName;

        public async ValueTask<IReadOnlyDictionary<string, JsonNode?>?> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
        {
            if (Overtakes == 0 && Other is { } other)
            {
                Overtakes++;
                var parallel = Assert.Single((await other.Engine.QueryTasksAsync(
                    new TaskQuery { InstanceId = context.InstanceId, ElementId = "Task_Kasubbag" }, cancellationToken)).Items);
                await other.Engine.CompleteTaskAsync(parallel.Id, DemoOrganization.Kasubbag, cancellationToken: cancellationToken);
            }

            return null;
        }
    }
}
