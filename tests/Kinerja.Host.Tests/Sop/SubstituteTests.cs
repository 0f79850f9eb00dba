using System.Net;
using System.Text.Json.Nodes;
using Kinerja.Engine.History;
using Kinerja.Host.Organization;
using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Sop;

/// <summary>While an officer is away, a Plh/Plt gets their tasks, reminders and links; the history says so.</summary>
public sealed class SubstituteTests : HostWithMailTests
{


    private static string Address(string key) => $"{key}@{DemoOrganization.MailDomain}";

    private async Task AwayAsync(string person, string substitute, SubstituteKind kind, DateOnly from, DateOnly to)
    {
        await using var db = Host.HostDb();
        db.Absences.Add(new Absence { PersonKey = person, SubstituteKey = substitute, Kind = kind, From = from, To = to, Reason = "Cuti tahunan", CreatedAt = Host.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    private Task<Kinerja.Engine.Execution.ProcessInstance> StartSopAsync() =>
        Host.Engine.StartAsync("sop-pengumpulan-data-kinerja", new Dictionary<string, JsonNode?> { ["skpd"] = new JsonArray("dinkes", "dlh") }, "LKjIP-2025", "admin");

    [Fact]
    public async Task ARoleTask_GoesToThePlh_WhileTheOnlyMemberIsAway_AndThePlhActsFromTheirOwnLink_RecordedInHistory()
    {
        await AwayAsync(DemoOrganization.Kabag, DemoOrganization.Kasubbag, SubstituteKind.Plh, new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 6));
        var instance = await StartSopAsync();
        await Host.RunDueAsync();

        Assert.Empty(Smtp.To(Address(DemoOrganization.Kabag)));
        var mail = Assert.Single(Smtp.To(Address(DemoOrganization.Kasubbag)));
        Assert.Contains("sebagai Plh Kepala Bagian Organisasi (demo)", mail.TextBody, StringComparison.Ordinal);

        using var browser = Host.CreateClient();
        var response = await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(mail), new Dictionary<string, string> { ["catatanDisposisi"] = "Atas nama Kabag." });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var history = await Host.Engine.GetHistoryAsync(instance.Id);
        var handOver = Assert.Single(history, h => h.Kind == HistoryKind.TaskReassigned && h.ElementId == "Task_Disposisi");
        Assert.Contains("Plh", handOver.Data, StringComparison.Ordinal);
        Assert.Contains("Kepala Bagian Organisasi (demo)", handOver.Data, StringComparison.Ordinal);
        var completed = Assert.Single(history, h => h.Kind == HistoryKind.TaskCompleted && h.ElementId == "Task_Disposisi");
        Assert.Equal(DemoOrganization.Kasubbag, completed.Actor);
    }

    [Fact]
    public async Task AnAssignedTask_MovesToThePlt_WithItsRemindersAndLinks_AndTheAbsentOfficersLinkStopsWorking()
    {
        var instance = await StartSopAsync();
        await Host.RunDueAsync();
        var kabagMail = Assert.Single(Smtp.To(Address(DemoOrganization.Kabag)));
        var task = (await Host.Engine.QueryTasksAsync(new Kinerja.Engine.Storage.TaskQuery { InstanceId = instance.Id })).Items.Single();
        await Host.Engine.ClaimTaskAsync(task.Id, DemoOrganization.Kabag);
        await Host.RunDueAsync();

        // The Kabag goes on leave from tomorrow; the reminder falls due then (a 5-minute task left for a day).
        await AwayAsync(DemoOrganization.Kabag, DemoOrganization.Sekda, SubstituteKind.Plt, new DateOnly(2026, 3, 3), new DateOnly(2026, 3, 31));
        await Host.AdvanceToAsync(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.FromHours(8)));

        var moved = await Host.Engine.GetTaskAsync(task.Id);
        Assert.Equal(DemoOrganization.Sekda, moved.Assignee);
        var handOver = (await Host.Engine.GetHistoryAsync(instance.Id)).Last(h => h.Kind == HistoryKind.TaskReassigned);
        Assert.Contains("Plt", handOver.Data, StringComparison.Ordinal);
        var sekdaMails = Smtp.To(Address(DemoOrganization.Sekda));
        Assert.Contains(sekdaMails, m => (m.Subject ?? string.Empty).StartsWith("[Tugas untuk Anda]", StringComparison.Ordinal));

        using var browser = Host.CreateClient();
        var (status, html) = await TaskPage.OpenAsync(browser, TaskPage.LinkIn(kabagMail));
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("data-state=\"revoked\"", html, StringComparison.Ordinal);

        var assigned = sekdaMails.First(m => (m.Subject ?? string.Empty).StartsWith("[Tugas untuk Anda]", StringComparison.Ordinal));
        var response = await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(assigned), new Dictionary<string, string> { ["catatanDisposisi"] = "Plt Kabag." });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(DemoOrganization.Sekda, (await Host.Engine.GetTaskAsync(task.Id)).CompletedBy);
    }

    [Fact]
    public async Task AnEscalation_ReachesTheAtasansPlh_WhenTheAtasanIsAway()
    {
        await AwayAsync(DemoOrganization.HeadKey("dinkes"), DemoOrganization.HeadKey("dlh"), SubstituteKind.Plh, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));
        var instance = await StartSopAsync();
        await Host.RunDueAsync();
        using var browser = Host.CreateClient();
        await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(Assert.Single(Smtp.To(Address(DemoOrganization.Kabag)))), new Dictionary<string, string> { ["catatanDisposisi"] = "ok" });
        await Host.RunDueAsync();
        await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(Assert.Single(Smtp.To(Address(DemoOrganization.Kasubbag)))), new Dictionary<string, string> { ["batasWaktuSkpd"] = "2026-03-04" });
        await Host.RunDueAsync();

        await Host.AdvanceToAsync(new DateTimeOffset(2026, 3, 4, 16, 5, 0, TimeSpan.FromHours(8)));

        Assert.Empty(Smtp.To(Address(DemoOrganization.HeadKey("dinkes"))));
        var escalations = Smtp.To(Address(DemoOrganization.HeadKey("dlh"))).Where(m => (m.Subject ?? string.Empty).StartsWith("[Eskalasi]", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, escalations.Count); // its own operator's task and, as Plh, the Dinas Kesehatan one
        Assert.Contains(escalations, m => (m.TextBody ?? string.Empty).Contains("sebagai Plh Kepala Dinas Kesehatan (demo)", StringComparison.Ordinal));
        Assert.NotNull(instance);
    }
}
