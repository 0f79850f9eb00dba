using System.Net;
using Kinerja.Host.Organization;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Tests.Admin;

public sealed class AccessTests
{
    private const string OfficerPassword = "Petugas#Kinerja2026";

    private static readonly string[] AdminPages =
    [
        "/admin", "/admin/instans", "/admin/terlambat", "/admin/pegawai", "/admin/pegawai/baru", "/admin/pegawai/kabag.organisasi",
        "/admin/peran", "/admin/skpd", "/admin/skpd/dinkes", "/admin/ketidakhadiran", "/admin/kalender", "/admin/surat", "/admin/definisi",
    ];

    [Fact]
    public async Task Anonymous_IsSentToSignIn_FromEveryAdminPage_AndTheInbox()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var browser = new Browser(host.CreateClient());

        foreach (var url in AdminPages.Append("/kotak"))
        {
            var response = await browser.GetAsync(url);

            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{url}: {(int)response.StatusCode}");
            Assert.Equal("/masuk", response.Headers.Location!.AbsolutePath);
            Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(url), response.Headers.Location.Query, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignedInOfficer_IsForbidden_OnEveryAdminPage_AndOnTheHangfireDashboard()
    {
        await using var host = await KinerjaHost.StartAsync();
        await Browser.CreateAccountAsync(host, DemoOrganization.OperatorKey("dinkes"), OfficerPassword);
        using var officer = await Browser.SignInAsync(host, DemoOrganization.OperatorKey("dinkes"), OfficerPassword);

        foreach (var url in AdminPages)
        {
            var response = await officer.GetAsync(url);

            // Cookie sign-in answers "forbidden" by sending the browser to the access-denied page, which says 403.
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{url}: {(int)response.StatusCode}");
            Assert.Equal("/ditolak", response.Headers.Location!.AbsolutePath);
            var denied = await officer.GetAsync(response.Headers.Location.PathAndQuery);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/admin/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/admin/hangfire/jobs/enqueued")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/kotak")).StatusCode);
    }

    [Fact]
    public async Task Admin_SeesTheDashboard_WithCountsOfRunningInstancesOpenTasksAndPendingMail()
    {
        await using var host = await KinerjaHost.StartAsync();
        await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", businessKey: "TW1-2026", startedBy: "tes");
        using var admin = await Browser.SignInAsAdminAsync(host);

        var html = await admin.PageAsync("/admin");

        Assert.Contains("Dasbor administrasi", html, StringComparison.Ordinal);
        Assert.Contains("data-count=\"running\"><a href=\"/admin/instans\">1</a>", html, StringComparison.Ordinal);
        Assert.Contains("data-count=\"open-tasks\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-count=\"overdue\" class=\"\"><a href=\"/admin/terlambat\">0</a>", html, StringComparison.Ordinal);
        foreach (var link in new[] { "/admin/instans", "/admin/terlambat", "/admin/pegawai", "/admin/peran", "/admin/skpd", "/admin/ketidakhadiran", "/admin/kalender", "/admin/surat", "/admin/definisi", "/admin/hangfire" })
        {
            Assert.Contains($"href=\"{link}\"", html, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/hangfire")).StatusCode);
        var english = await admin.PageAsync("/admin?culture=en-US");
        Assert.Contains("Administration dashboard", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryAdminPage_Answers200_ToTheAdmin_InBothLanguages()
    {
        await using var host = await KinerjaHost.StartAsync();
        await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", businessKey: "TW1-2026");
        await host.RunDueAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);

        foreach (var url in AdminPages)
        {
            await admin.PageAsync(url);
            await admin.PageAsync(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "culture=en-US");
        }
    }

    [Fact]
    public async Task UnknownKeys_AnswerANotFoundPage_NotAnError()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);

        foreach (var url in new[]
        {
            "/admin/instans/" + Guid.NewGuid(), "/admin/instans/bukan-guid", "/admin/pegawai/tidak.ada", "/admin/skpd/tidak-ada",
            "/admin/surat/tidak/ada", "/admin/kalender?nama=mars", "/admin/definisi/tidak-ada/1",
        })
        {
            var response = await admin.GetAsync(url);

            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }

        var page = await Browser.TextAsync(await admin.GetAsync("/admin/pegawai/tidak.ada"));
        Assert.Contains("Pegawai 'tidak.ada' tidak ada.", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/admin/instans?status=Melayang")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/instans?halaman=-3")).StatusCode);
    }

    [Fact]
    public async Task APost_WithoutTheAntiForgeryToken_IsRefusedWith400_AndChangesNothing()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.PersonKey"] = DemoOrganization.Kabag,
            ["Input.SubstituteKey"] = DemoOrganization.Kasubbag,
            ["Input.From"] = "2026-03-02",
            ["Input.To"] = "2026-03-06",
            ["Input.Kind"] = "Plh",
        });

        var response = await admin.Client.PostAsync(new Uri("/admin/ketidakhadiran", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = host.HostDb();
        Assert.Equal(0, await db.Absences.CountAsync());
    }

    [Fact]
    public async Task SigningOut_FromTheLayoutsForm_EndsTheSession()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);

        var response = await admin.PostFormAsync("/admin", [], action: "/keluar");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await admin.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/masuk", after.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task AnOfficerMadeInactive_CannotSignInAnyMore()
    {
        await using var host = await KinerjaHost.StartAsync();
        await Browser.CreateAccountAsync(host, DemoOrganization.Kasubbag, OfficerPassword);
        await using (var db = host.HostDb())
        {
            (await db.People.SingleAsync(p => p.Key == DemoOrganization.Kasubbag)).Active = false;
            await db.SaveChangesAsync();
        }

        using var browser = new Browser(host.CreateClient());
        var response = await browser.TrySignInAsync(DemoOrganization.Kasubbag, OfficerPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_SoTheSixthAttemptWithTheRightPasswordIsRefused()
    {
        await using var host = await KinerjaHost.StartAsync();
        await Browser.CreateAccountAsync(host, DemoOrganization.Kabag, OfficerPassword);
        using var browser = new Browser(host.CreateClient());

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await browser.TrySignInAsync(DemoOrganization.Kabag, "Salah#Sandi" + attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var right = await browser.TrySignInAsync(DemoOrganization.Kabag, OfficerPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("Akun dikunci sementara", await Browser.TextAsync(right), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/kotak")).StatusCode);
    }
}
