using System.Net;
using System.Text.Json.Nodes;
using Kinerja.Host.Mail;
using Kinerja.Host.Organization;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Mail;

/// <summary>Mail survives an SMTP outage of any length and a host restart: each one delivered exactly once.</summary>
public sealed class OutageAndRestartTests
{
    private static Dictionary<string, JsonNode?> AllSkpd() =>
        new() { ["skpd"] = new JsonArray(DemoOrganization.PerangkatDaerah.Select(p => (JsonNode?)p.Code).ToArray()) };

    private static string Address(string key) => $"{key}@{DemoOrganization.MailDomain}";

    [Fact]
    public async Task AnSmtpOutage_InTheMiddle_EndsWithEveryMailDeliveredOnce_AfterARestartToo()
    {
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        await using var host = await KinerjaHost.StartAsync(smtp, settings: new Dictionary<string, string?> { ["Kinerja:Links:PermitsPerMinute"] = "100000" });
        using var browser = host.CreateClient();
        var instance = await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", AllSkpd(), "LKjIP-2025", "admin");
        await host.RunDueAsync();
        await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(Assert.Single(smtp.To(Address(DemoOrganization.Kabag)))), new Dictionary<string, string> { ["catatanDisposisi"] = "ok" });
        await host.RunDueAsync();

        // The server goes down just before the 42 SKPD mails are due.
        await smtp.StopAsync();
        await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(Assert.Single(smtp.To(Address(DemoOrganization.Kasubbag)))), new Dictionary<string, string> { ["batasWaktuSkpd"] = "2026-03-13" });
        await host.RunDueAsync();
        for (var minute = 0; minute < 30; minute++)
        {
            await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        }

        await using (var db = host.HostDb())
        {
            var pending = await db.Mail.Where(m => m.Status == MailStatus.Pending).ToListAsync();
            Assert.Equal(42, pending.Count);
            Assert.All(pending, m => Assert.True(m.Attempts >= 3, $"{m.Id}: {m.Attempts} attempts"));
            Assert.All(pending, m => Assert.NotNull(m.LastError));
        }

        // The host restarts while the server is still down: nothing is lost.
        await host.RestartAsync();
        await host.AdvanceAsync(TimeSpan.FromHours(2));

        // The server is back: within the longest retry delay every mail goes out, once.
        await smtp.StartAsync();
        await host.AdvanceAsync(TimeSpan.FromMinutes(11));
        foreach (var code in DemoOrganization.PerangkatDaerah.Select(p => p.Code))
        {
            var mail = Assert.Single(smtp.To(Address(DemoOrganization.OperatorKey(code))));
            Assert.Contains("/tugas/", mail.TextBody, StringComparison.Ordinal);
        }

        // Running the sweep and each send job again sends nothing twice.
        var sender = host.Services.GetRequiredService<MailSender>();
        Assert.Equal(0, await sender.SweepAsync());
        await using (var db = host.HostDb())
        {
            foreach (var id in await db.Mail.Select(m => m.Id).ToListAsync())
            {
                Assert.False(await sender.SendAsync(id));
            }

            Assert.Equal(0, await db.Mail.CountAsync(m => m.Status == MailStatus.Pending));
            Assert.Equal(smtp.Received.Count, await db.Mail.CountAsync());
        }

        Assert.Equal(smtp.Received.Count, smtp.Received.Select(m => m.MessageId).Distinct().Count());

        // The links made before the restart still work after it.
        using var afterRestart = host.CreateClient();
        var response = await TaskPage.CompleteAsync(afterRestart, TaskPage.LinkIn(smtp.To(Address(DemoOrganization.OperatorKey("dinkes"))).Single()),
            new Dictionary<string, string> { ["capaianKinerja"] = "Setelah gangguan" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(41, (await host.Engine.QueryTasksAsync(new Kinerja.Engine.Storage.TaskQuery { InstanceId = instance.Id, Take = 100 })).Total);
    }

    [Fact]
    public async Task ARestartInTheMiddle_LosesNoTimer_TheReminderStillComes()
    {
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        await using var host = await KinerjaHost.StartAsync(smtp);
        await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", AllSkpd(), "LKjIP-2025", "admin");

        // Restart before the outbox was even handed over: the dispatcher picks it up on the new host.
        await host.RestartAsync();
        await host.RunDueAsync();
        Assert.Single(smtp.To(Address(DemoOrganization.Kabag)));
        await host.RestartAsync();

        await host.AdvanceAsync(TimeSpan.FromMinutes(4)); // 80 % of 5 minutes
        Assert.Single(smtp.To(Address(DemoOrganization.Kabag)), m => (m.Subject ?? string.Empty).StartsWith("[Pengingat]", StringComparison.Ordinal));
        await host.AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Single(smtp.To(Address(DemoOrganization.Sekda)), m => (m.Subject ?? string.Empty).StartsWith("[Eskalasi]", StringComparison.Ordinal));
    }
}
