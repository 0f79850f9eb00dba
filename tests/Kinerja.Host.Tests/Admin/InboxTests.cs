using System.Net;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Organization;
using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Admin;

public sealed class InboxTests
{
    private const string Process = "sop-pengumpulan-data-kinerja";
    private const string Password = "Petugas#Kinerja2026";

    [Fact]
    public async Task AnOfficer_SeesDisposisiInTheirRolesTab_ClaimsIt_AndCompletesItWithTheForm_SoTheNextTaskIsCreated()
    {
        await using var host = await KinerjaHost.StartAsync();
        var instance = await host.Engine.StartAsync(Process, businessKey: "TW1-2026");
        await host.RunDueAsync();
        var disposisi = Assert.Single((await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        using (var admin = await Browser.SignInAsAdminAsync(host))
        {
            var account = await admin.PostFormAsync(
                "/admin/pegawai/kabag.organisasi", [new("Password", Password), new("PasswordAgain", Password)], "/admin/pegawai/kabag.organisasi?handler=Account");
            Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        }

        using var officer = await Browser.SignInAsync(host, DemoOrganization.Kabag, Password);
        var mine = await officer.PageAsync("/kotak");
        var roles = await officer.PageAsync("/kotak?tab=peran");

        Assert.Contains("Tugas saya (0)", mine, StringComparison.Ordinal);
        Assert.Contains("Tugas peran saya (1)", mine, StringComparison.Ordinal);
        Assert.Contains("data-empty", mine, StringComparison.Ordinal);
        Assert.Contains($"data-task=\"{disposisi.Id}\" data-element=\"Task_Disposisi\"", roles, StringComparison.Ordinal);
        Assert.Contains("Menugaskan dan mengarahkan Kasubbag.", roles, StringComparison.Ordinal);
        Assert.Contains($"data-claim=\"{disposisi.Id}\"", roles, StringComparison.Ordinal);

        var claim = await officer.PostFormAsync("/kotak?tab=peran", [new("taskId", disposisi.Id)], "/kotak?handler=Claim");

        Assert.Equal(HttpStatusCode.Redirect, claim.StatusCode);
        Assert.Equal($"/kotak/{disposisi.Id}", claim.Headers.Location!.OriginalString);
        Assert.Equal(DemoOrganization.Kabag, (await host.Engine.GetTaskAsync(disposisi.Id)).Assignee);
        Assert.Contains($"data-task=\"{disposisi.Id}\"", await officer.PageAsync("/kotak?tab=saya"), StringComparison.Ordinal);
        Assert.Contains("Tugas peran saya (0)", await officer.PageAsync("/kotak"), StringComparison.Ordinal);

        var taskPage = $"/kotak/{disposisi.Id}";
        var page = await officer.PageAsync(taskPage);
        Assert.Contains("data-state=\"open\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"catatanDisposisi\"", page, StringComparison.Ordinal);
        Assert.Contains("Catatan disposisi *", page, StringComparison.Ordinal);

        var empty = await officer.PostFormAsync(taskPage, [new("catatanDisposisi", "")]);

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("data-field=\"catatanDisposisi\"", await Browser.TextAsync(empty), StringComparison.Ordinal);
        Assert.Equal(HumanTaskStatus.Open, (await host.Engine.GetTaskAsync(disposisi.Id)).Status);

        var done = await officer.PostFormAsync(taskPage, [new("catatanDisposisi", "Kumpulkan data TW1 dari seluruh SKPD.")]);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/kotak", done.Headers.Location!.OriginalString);
        var completed = await host.Engine.GetTaskAsync(disposisi.Id);
        Assert.Equal(HumanTaskStatus.Completed, completed.Status);
        Assert.Equal(DemoOrganization.Kabag, completed.CompletedBy);
        Assert.Equal("Kumpulkan data TW1 dari seluruh SKPD.", completed.Result!["catatanDisposisi"]!.GetValue<string>());
        var next = Assert.Single((await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        Assert.Equal("Task_Distribusi", next.ElementId);
        Assert.Equal(["kasubbag-kinerja-rb"], next.CandidateGroups);
        Assert.Contains("Tugas 'Menugaskan dan mengarahkan Kasubbag.", await officer.PageAsync("/kotak"), StringComparison.Ordinal);
        Assert.Contains("data-state=\"done\"", await officer.PageAsync(taskPage), StringComparison.Ordinal);

        // Someone the task was never for does not learn who did it.
        using (var admin = await Browser.SignInAsAdminAsync(host))
        {
            await admin.PostFormAsync(
                "/admin/pegawai/operator.dinkes", [new("Password", Password), new("PasswordAgain", Password)], "/admin/pegawai/operator.dinkes?handler=Account");
        }

        using var stranger = await Browser.SignInAsync(host, DemoOrganization.OperatorKey("dinkes"), Password);
        var strangers = await stranger.GetAsync(taskPage);
        Assert.Equal(HttpStatusCode.Forbidden, strangers.StatusCode);
        Assert.DoesNotContain(DemoOrganization.Kabag, await strangers.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlh_SeesTheTasksOfTheRolesOfWhomTheyStandInForToday_AndOthersMayNotOpenThem()
    {
        await using var host = await KinerjaHost.StartAsync();
        var instance = await host.Engine.StartAsync(Process, businessKey: "TW1-2026");
        var disposisi = Assert.Single((await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        await Browser.CreateAccountAsync(host, DemoOrganization.PengelolaData, Password);
        await Browser.CreateAccountAsync(host, DemoOrganization.OperatorKey("dinkes"), Password);
        using (var admin = await Browser.SignInAsAdminAsync(host))
        {
            var absence = await admin.PostFormAsync("/admin/ketidakhadiran",
            [
                new("Input.PersonKey", DemoOrganization.Kabag), new("Input.SubstituteKey", DemoOrganization.PengelolaData),
                new("Input.From", "2026-03-02"), new("Input.To", "2026-03-04"), new("Input.Kind", "Plh"),
            ]);
            Assert.Equal(HttpStatusCode.Redirect, absence.StatusCode);
        }

        using var plh = await Browser.SignInAsync(host, DemoOrganization.PengelolaData, Password);
        var roles = await plh.PageAsync("/kotak?tab=peran");

        Assert.Contains("Hari ini Anda Plh untuk kabag.organisasi (s.d. 2026-03-04).", roles, StringComparison.Ordinal);
        Assert.Contains($"data-task=\"{disposisi.Id}\"", roles, StringComparison.Ordinal);
        Assert.Contains("sebagai Plh untuk Kepala Bagian Organisasi (demo)", roles, StringComparison.Ordinal);
        Assert.Contains("Anda bertindak sebagai Plh untuk Kepala Bagian Organisasi (demo).", await plh.PageAsync($"/kotak/{disposisi.Id}"), StringComparison.Ordinal);

        using var other = await Browser.SignInAsync(host, DemoOrganization.OperatorKey("dinkes"), Password);
        Assert.DoesNotContain($"data-task=\"{disposisi.Id}\"", await other.PageAsync("/kotak?tab=peran"), StringComparison.Ordinal);
        var forbidden = await other.GetAsync($"/kotak/{disposisi.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.DoesNotContain("catatanDisposisi", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var claim = await other.PostFormAsync("/masuk", [new("taskId", disposisi.Id)], "/kotak?handler=Claim"); // a crafted post: the inbox offered no button
        Assert.Equal(HttpStatusCode.Redirect, claim.StatusCode);
        Assert.Contains("Tugas ini tidak ditujukan kepada Anda atau peran Anda.", await other.PageAsync("/kotak"), StringComparison.Ordinal);
        Assert.Null((await host.Engine.GetTaskAsync(disposisi.Id)).Assignee);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/kotak/tidak-ada")).StatusCode);

        var done = await plh.PostFormAsync($"/kotak/{disposisi.Id}", [new("catatanDisposisi", "Sebagai Plh: lanjutkan.")]);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(DemoOrganization.PengelolaData, (await host.Engine.GetTaskAsync(disposisi.Id)).CompletedBy);
    }

    [Fact]
    public async Task TheOverdueTab_ShowsTheOfficersLateTasks()
    {
        await using var host = await KinerjaHost.StartAsync();
        var instance = await host.Engine.StartAsync(Process, businessKey: "TW1-2026");
        var disposisi = Assert.Single((await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        await Browser.CreateAccountAsync(host, DemoOrganization.Kabag, Password);
        await host.AdvanceAsync(TimeSpan.FromMinutes(30)); // due at 08:05, now 08:30

        using var officer = await Browser.SignInAsync(host, DemoOrganization.Kabag, Password);
        var overdue = await officer.PageAsync("/kotak?tab=terlambat");

        Assert.Contains("Terlambat (1)", overdue, StringComparison.Ordinal);
        Assert.Contains($"data-task=\"{disposisi.Id}\"", overdue, StringComparison.Ordinal);
        Assert.Contains("terlambat 25 menit waktu kerja", overdue, StringComparison.Ordinal);
        Assert.Contains("My roles' tasks (1)", await officer.PageAsync("/kotak?culture=en-US"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAccountWithoutAPerson_IsToldWhyThereIsNoInbox()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);

        var html = await admin.PageAsync("/kotak");

        Assert.Contains("data-state=\"no-person\"", html, StringComparison.Ordinal);
        Assert.Contains("Akun ini tidak terhubung dengan data pegawai", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin\"", html, StringComparison.Ordinal);
    }
}
