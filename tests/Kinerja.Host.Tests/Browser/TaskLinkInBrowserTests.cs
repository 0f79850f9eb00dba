using Kinerja.Host.Organization;
using Kinerja.Host.Tasks;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kinerja.Host.Tests.Browser;

/// <summary>An officer in a real browser: opens the link from their mail, fills the form, sends it.</summary>
[Collection(BrowserTests.Name)]
public sealed class TaskLinkInBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnOfficer_OpensTheMailLinkInChromium_CompletesTheForm_AndSeesItDone()
    {
        await using var host = await KinerjaHost.StartAsync(kestrel: true);
        var page = await OpenKabagLinkAsync(host);
        await page.FillAsync("#f-catatanDisposisi", "Kumpulkan data kinerja 2025 dari seluruh SKPD.");
        var post = await page.RunAndWaitForRequestAsync(() => page.ClickAsync("button.primary"), r => r.Method == "POST");
        await page.WaitForSelectorAsync("[data-state=done]");

        // With no document chosen, the page's script sends the form URL-encoded, the lighter body for the host to read.
        Assert.StartsWith("application/x-www-form-urlencoded", post.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("Kepala Bagian Organisasi (demo)", await page.InnerTextAsync("[data-state=done]"), StringComparison.Ordinal);
        Assert.Equal(DemoOrganization.Kabag, (await host.Engine.QueryTasksAsync(new Kinerja.Engine.Storage.TaskQuery
        {
            ElementId = "Task_Disposisi",
            Status = Kinerja.Engine.Tasks.HumanTaskStatus.Completed,
        })).Items.Single().CompletedBy);
    }

    [Fact]
    public async Task AnOfficer_AttachesADocumentInChromium_AndTheFormGoesMultipart_WithTheDocumentKept()
    {
        await using var host = await KinerjaHost.StartAsync(kestrel: true);
        var page = await OpenKabagLinkAsync(host);
        await page.FillAsync("#f-catatanDisposisi", "Terlampir.");
        await page.SetInputFilesAsync("#dokumen", new FilePayload { Name = "disposisi.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4 disposisi"u8.ToArray() });
        var post = await page.RunAndWaitForRequestAsync(() => page.ClickAsync("button.primary"), r => r.Method == "POST");
        await page.WaitForSelectorAsync("[data-state=done]");

        Assert.StartsWith("multipart/form-data", post.Headers["content-type"], StringComparison.Ordinal);
        await using var db = host.HostDb();
        Assert.Equal("disposisi.pdf", (await db.Documents.SingleAsync()).FileName);
    }

    private async Task<IPage> OpenKabagLinkAsync(KinerjaHost host)
    {
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
        return page;
    }
}
