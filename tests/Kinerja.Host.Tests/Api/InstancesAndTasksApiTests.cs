using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kinerja.Engine.History;
using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Api;

/// <summary>The seed SOP driven through the API by another system with an API key.</summary>
public sealed class InstancesAndTasksApiTests
{
    private const string BusinessKey = "LKJIP-2025";

    private static async Task<(JsonObject Instance, string TaskId)> StartSeedAsync(HttpClient client, string businessKey = BusinessKey, object? variables = null)
    {
        var response = await client.PostAsJsonAsync("/api/instances", new
        {
            processKey = ApiClients.SeedProcess,
            businessKey,
            variables = variables ?? new { skpd = new[] { "dinkes", "bappeda" } },
        });
        var instance = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/instances/{instance["id"].Text()}", response.Headers.Location?.OriginalString);
        var task = Assert.Single(instance["openTasks"].Objects());
        return (instance, task["id"].Text());
    }

    private static async Task<HttpResponseMessage> CompleteAsync(HttpClient client, string taskId, object formData, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{taskId}/complete") { Content = JsonContent.Create(new { formData }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task StartedWithABusinessKey_TheFirstTaskIsInTheInboxOfItsGroup()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;

        var (instance, taskId) = await StartSeedAsync(client);

        Assert.Equal(BusinessKey, instance["businessKey"].Text());
        Assert.Equal("Running", instance["status"].Text());
        Assert.Equal("e-kinerja", instance["startedBy"].Text());
        var byGroup = await (await client.GetAsync("/api/tasks?candidateGroups=kabag-organisasi")).JsonAsync(HttpStatusCode.OK);
        var task = Assert.Single(byGroup["items"].Objects());
        Assert.Equal(taskId, task["id"].Text());
        Assert.Equal("Task_Disposisi", task["elementId"].Text());
        Assert.Equal(BusinessKey, task["businessKey"].Text());
        Assert.Equal(KinerjaHost.MondayMorning.AddMinutes(5), task["dueAt"]!.GetValue<DateTimeOffset>());
        var byPerson = await (await client.GetAsync("/api/tasks?personKey=kabag.organisasi")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(taskId, Assert.Single(byPerson["items"].Objects())["id"].Text());
        var otherPerson = await (await client.GetAsync("/api/tasks?personKey=operator.dinkes")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, otherPerson["total"]!.GetValue<int>());
        await (await client.GetAsync("/api/tasks?personKey=tidak.ada")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(0, (await (await client.GetAsync("/api/tasks?overdue=true")).JsonAsync(HttpStatusCode.OK))["total"]!.GetValue<int>());
        host.Clock.Advance(TimeSpan.FromMinutes(6));
        var overdue = await (await client.GetAsync("/api/tasks?overdue=true")).JsonAsync(HttpStatusCode.OK);
        Assert.True(Assert.Single(overdue["items"].Objects())["overdue"]!.GetValue<bool>());

        var detail = await (await client.GetAsync($"/api/tasks/{taskId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("catatanDisposisi", detail["form"]![0]!["id"].Text());
        Assert.True(detail["form"]![0]!["required"]!.GetValue<bool>());

        var listed = await (await client.GetAsync($"/api/instances?processKey={ApiClients.SeedProcess}&businessKey={BusinessKey}&status=running")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(instance["id"].Text(), Assert.Single(listed["items"].Objects())["id"].Text());
        Assert.Equal(0, (await (await client.GetAsync("/api/instances?status=completed")).JsonAsync(HttpStatusCode.OK))["total"]!.GetValue<int>());
        var badStatus = await (await client.GetAsync("/api/instances?status=selesai")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(badStatus["errors"]!.AsObject().ContainsKey("status"));
    }

    [Fact]
    public async Task Completing_ValidatesTheForm_MovesOn_AndARetryWithTheSameIdempotencyKeyDoesNothingTwice()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;
        var (instance, taskId) = await StartSeedAsync(client);
        var instanceId = instance["id"].Text();

        var missing = await (await CompleteAsync(client, taskId, new { })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("required", missing["errors"]!["catatanDisposisi"]![0].Text(), StringComparison.Ordinal);
        var unknown = await (await CompleteAsync(client, taskId, new { catatanDisposisi = "ok", nilai = 3 })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["nilai"], unknown["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("Open", (await (await client.GetAsync($"/api/tasks/{taskId}")).JsonAsync(HttpStatusCode.OK))["task"]!["status"].Text());

        var form = new { catatanDisposisi = "Kumpulkan data kinerja 2025" };
        var first = await (await CompleteAsync(client, taskId, form, "disposisi-1")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Completed", first["task"]!["status"].Text());
        var next = Assert.Single(first["openTasksOfInstance"].Objects());
        Assert.Equal("Task_Distribusi", next["elementId"].Text());
        var inbox = await (await client.GetAsync("/api/tasks?candidateGroups=kasubbag-kinerja-rb")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(next["id"].Text(), Assert.Single(inbox["items"].Objects())["id"].Text());

        var retry = await (await CompleteAsync(client, taskId, form, "disposisi-1")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Completed", retry["task"]!["status"].Text());
        Assert.Equal(next["id"].Text(), Assert.Single(retry["openTasksOfInstance"].Objects())["id"].Text());
        var history = await (await client.GetAsync($"/api/instances/{instanceId}/history")).ArrayAsync();
        Assert.Single(history.Objects(), h => h["kind"].Text() == nameof(HistoryKind.TaskCompleted));
        Assert.Equal("Kumpulkan data kinerja 2025", history.Objects().Single(h => h["kind"].Text() == nameof(HistoryKind.TaskCompleted))["data"]!["catatanDisposisi"].Text());

        var again = await (await CompleteAsync(client, taskId, form)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("already completed", again["detail"].Text(), StringComparison.Ordinal);
        await (await CompleteAsync(client, "tidak-ada", form)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ClaimReassignDelegate_ChangeWhoHasTheTask_AndAnUnknownPersonIsRefusedNamingTheField()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;
        var (_, taskId) = await StartSeedAsync(client);

        var claimed = await (await client.PostAsync($"/api/tasks/{taskId}/claim", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("e-kinerja", claimed["assignee"].Text());
        var unclaimed = await (await client.PostAsync($"/api/tasks/{taskId}/unclaim", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Null(unclaimed["assignee"]);

        var unknown = await (await client.PostAsJsonAsync($"/api/tasks/{taskId}/reassign", new { assignee = "tidak.ada" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(unknown["errors"]!.AsObject().ContainsKey("assignee"));
        var reassigned = await (await client.PostAsJsonAsync($"/api/tasks/{taskId}/reassign", new { assignee = "sekda", reason = "Kabag cuti" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("sekda", reassigned["assignee"].Text());
        var delegated = await (await client.PostAsJsonAsync($"/api/tasks/{taskId}/delegate", new { delegateTo = "kasubbag.kinerja" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("kasubbag.kinerja", delegated["assignee"].Text());
        var mine = await (await client.GetAsync("/api/tasks?assignee=kasubbag.kinerja")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(taskId, Assert.Single(mine["items"].Objects())["id"].Text());
    }

    [Fact]
    public async Task Cancel_EndsTheInstanceAndItsTasks_AndASecondCancelIsAConflict()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;
        var (instance, taskId) = await StartSeedAsync(client, "BATAL-1");
        var id = instance["id"].Text();

        await (await client.PostAsJsonAsync($"/api/instances/{id}/cancel", new { reason = " " })).ProblemAsync(HttpStatusCode.BadRequest);
        var cancelled = await (await client.PostAsJsonAsync($"/api/instances/{id}/cancel", new { reason = "Salah tahun anggaran" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("Cancelled", cancelled["status"].Text());
        Assert.Empty(cancelled["openTasks"]!.AsArray());
        Assert.Equal(0, (await (await client.GetAsync("/api/tasks?candidateGroups=kabag-organisasi")).JsonAsync(HttpStatusCode.OK))["total"]!.GetValue<int>());
        Assert.Equal("Cancelled", (await (await client.GetAsync($"/api/tasks/{taskId}")).JsonAsync(HttpStatusCode.OK))["task"]!["status"].Text());
        var history = await (await client.GetAsync($"/api/instances/{id}/history")).ArrayAsync();
        Assert.Contains(history.Objects(), h => h["kind"].Text() == nameof(HistoryKind.InstanceCancelled) && h["actor"].Text() == "e-kinerja");
        await (await client.PostAsJsonAsync($"/api/instances/{id}/cancel", new { reason = "lagi" })).ProblemAsync(HttpStatusCode.Conflict);
        await (await client.GetAsync($"/api/instances/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AMessage_ClosesCollection_AndCompilationStartsWithItsWorkingTimeDeadline()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;
        var (instance, disposisi) = await StartSeedAsync(client);
        var distribusi = (await (await CompleteAsync(client, disposisi, new { catatanDisposisi = "Kumpulkan" })).JsonAsync(HttpStatusCode.OK))["openTasksOfInstance"]![0]!["id"].Text();
        var skpdTasks = (await (await CompleteAsync(client, distribusi, new { batasWaktuSkpd = "2026-03-13" })).JsonAsync(HttpStatusCode.OK))["openTasksOfInstance"].Objects().ToList();
        Assert.Equal(["skpd:bappeda", "skpd:dinkes"], skpdTasks.Select(t => t["candidateGroups"]![0].Text()).Order());

        await (await client.PostAsJsonAsync("/api/messages/correlate", new { name = "PengumpulanDitutup", businessKey = "TIDAK-ADA" })).ProblemAsync(HttpStatusCode.NotFound);
        var correlated = await (await client.PostAsJsonAsync("/api/messages/correlate", new { name = "PengumpulanDitutup", businessKey = BusinessKey })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(instance["id"].Text(), correlated["instanceId"].Text());
        Assert.False(correlated["startedNewInstance"]!.GetValue<bool>());
        var detail = await (await client.GetAsync($"/api/instances/{instance["id"].Text()}")).JsonAsync(HttpStatusCode.OK);
        var kompilasi = Assert.Single(detail["openTasks"].Objects());
        Assert.Equal("Task_Kompilasi", kompilasi["elementId"].Text());
        Assert.Equal(["Task_Kompilasi"], detail["activeElements"]!.AsArray().Select(e => e.Text()));
        var pengelola = await (await client.GetAsync("/api/tasks?personKey=pengelola.data")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(kompilasi["id"].Text(), Assert.Single(pengelola["items"].Objects())["id"].Text());
    }

    [Fact]
    public async Task Migrate_MovesToANewVersion_AndIsRefusedNamingTheElementWhenItsWaitingPlaceIsGone()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;
        var (instance, _) = await StartSeedAsync(client);
        var id = instance["id"].Text();
        var seed = await File.ReadAllTextAsync(RepoPaths.SeedSop);
        var v2 = seed.Replace("kinerja:timeStandard=\"PT5M\"", "kinerja:timeStandard=\"PT10M\"", StringComparison.Ordinal);
        await (await client.PostAsync("/api/definitions", new StringContent(v2, System.Text.Encoding.UTF8, "application/xml"))).JsonAsync(HttpStatusCode.Created);
        var v3 = DefinitionsApiTests.SmallProcess(processId: ApiClients.SeedProcess, taskId: "Task_Lain");
        await (await client.PostAsync("/api/definitions", new StringContent(v3, System.Text.Encoding.UTF8, "application/xml"))).JsonAsync(HttpStatusCode.Created);

        var refused = await (await client.PostAsJsonAsync($"/api/instances/{id}/migrate", new { targetVersion = 3 })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Task_Disposisi", Assert.Single(refused["problems"]!.AsArray()).Text(), StringComparison.Ordinal);
        Assert.Equal(1, (await (await client.GetAsync($"/api/instances/{id}")).JsonAsync(HttpStatusCode.OK))["version"]!.GetValue<int>());

        var migrated = await (await client.PostAsJsonAsync($"/api/instances/{id}/migrate", new { targetVersion = 2 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, migrated["version"]!.GetValue<int>());
        Assert.Equal($"{ApiClients.SeedProcess}:2", migrated["definitionId"].Text());
        await (await client.PostAsJsonAsync($"/api/instances/{id}/migrate", new { targetVersion = 7 })).ProblemAsync(HttpStatusCode.NotFound);
    }
}
