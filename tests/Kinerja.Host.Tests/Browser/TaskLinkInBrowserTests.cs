using Kinerja.Host.Organization;
using Kinerja.Host.Tasks;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Browser;

/// <summary>An officer in a real browser: opens the link from their mail, fills the form, sends it.</summary>
[Collection(BrowserTests.Name)]
public sealed class TaskLinkInBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnOfficer_OpensTheMailLinkInChromium_CompletesTheForm_AndSeesItDone()
    {
        await using var host = await KinerjaHost.StartAsync(kestrel: true);
        await host.Services.GetRequiredService<SopStarter>().StartAsync("sop-pengumpulan-data-kinerja", "LKjIP-2025", null, "admin");
        await host.RunDueAsync();
        string link;
        await using (var db = host.HostDb())
        {
            var mail = await db.Mail.SingleAsync();
            link = System.Text.RegularExpressions.Regex.Match(mail.TextBody, @"http://127\.0\.0\.1:\d+/tugas/[A-Za-z0-9_\-]+").Value;
        }

        var page = await browser.NewPageAsync(host);
        await page.GotoAsync(link);
        await page.FillAsync("#f-catatanDisposisi", "Kumpulkan data kinerja 2025 dari seluruh SKPD.");
        await page.ClickAsync("button.primary");
        await page.WaitForSelectorAsync("[data-state=done]");

        Assert.Contains("Kepala Bagian Organisasi (demo)", await page.InnerTextAsync("[data-state=done]"), StringComparison.Ordinal);
        Assert.Equal(DemoOrganization.Kabag, (await host.Engine.QueryTasksAsync(new Kinerja.Engine.Storage.TaskQuery
        {
            ElementId = "Task_Disposisi",
            Status = Kinerja.Engine.Tasks.HumanTaskStatus.Completed,
        })).Items.Single().CompletedBy);
    }
}
