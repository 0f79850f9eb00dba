using System.Text.Json.Nodes;
using Kinerja.Engine.Storage;
using Kinerja.Host.Organization;
using Kinerja.Host.Tasks;
using Kinerja.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Sop;

public sealed class StartAndPolicyTests
{
    [Fact]
    public async Task StartingTheSop_WithoutAnSkpdList_FansOutToEveryPerangkatDaerahInMasterData()
    {
        await using var host = await KinerjaHost.StartAsync();
        var starter = host.Services.GetRequiredService<SopStarter>();

        var instance = await starter.StartAsync("sop-pengumpulan-data-kinerja", "LKjIP-2025", null, "admin");

        var skpd = instance.Variables[SopStarter.SkpdVariable]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(DemoOrganization.PerangkatDaerah.Select(p => p.Code).Order(StringComparer.Ordinal), skpd);
        var given = await starter.StartAsync("sop-pengumpulan-data-kinerja", "LKjIP-2025-b", new Dictionary<string, JsonNode?> { ["skpd"] = new JsonArray("dinkes") }, "admin");
        Assert.Single(given.Variables[SopStarter.SkpdVariable]!.AsArray());
    }

    [Fact]
    public async Task TheReminderPolicy_FollowsTheSettings_WhereTheBpmnSaysNothing()
    {
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        await using var host = await KinerjaHost.StartAsync(smtp, settings: new Dictionary<string, string?>
        {
            ["Kinerja:Engine:Reminders:ReminderAtPercent"] = "40",
            ["Kinerja:Engine:Reminders:DueNotice"] = "false",
            ["Kinerja:Engine:Reminders:EscalateTo"] = "kasubbag-kinerja-rb",
        });
        await host.Services.GetRequiredService<SopStarter>().StartAsync("sop-pengumpulan-data-kinerja", "LKjIP-2025", null, "admin");
        await host.RunDueAsync();
        var kabag = $"{DemoOrganization.Kabag}@{DemoOrganization.MailDomain}";

        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(smtp.To(kabag), m => (m.Subject ?? string.Empty).StartsWith("[Pengingat]", StringComparison.Ordinal));
        await host.AdvanceAsync(TimeSpan.FromMinutes(1)); // 40 % of 5 minutes
        Assert.Single(smtp.To(kabag), m => (m.Subject ?? string.Empty).StartsWith("[Pengingat]", StringComparison.Ordinal));

        await host.AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.DoesNotContain(smtp.To(kabag), m => (m.Subject ?? string.Empty).StartsWith("[Batas waktu", StringComparison.Ordinal));
        Assert.Single(smtp.To($"{DemoOrganization.Kasubbag}@{DemoOrganization.MailDomain}"), m => (m.Subject ?? string.Empty).StartsWith("[Eskalasi]", StringComparison.Ordinal));
        Assert.Empty(smtp.To($"{DemoOrganization.Sekda}@{DemoOrganization.MailDomain}"));
        Assert.Equal(1, (await host.Engine.QueryTasksAsync(new TaskQuery())).Total);
    }
}
