using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using Kinerja.Host.Organization;
using Kinerja.Host.Security;
using Kinerja.Host.TaskLinks;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Security;

/// <summary>A task link opens its task for its person only, and only while valid; every other case gets a clear page.</summary>
public sealed class TaskLinkSecurityTests : DisposisiLinkTests
{
    [Fact]
    public async Task TheLinkToken_Has256RandomBits_AndOnlyItsHashIsStored()
    {
        var token = KabagLink().Split('/').Last();
        Assert.Equal(43, token.Length); // 32 bytes, base64url without padding
        await using var db = Host.HostDb();
        var link = await db.TaskLinks.SingleAsync();
        Assert.Equal(Convert.ToHexString(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token))), link.TokenHash);
        Assert.DoesNotContain(token, await db.TaskLinks.Select(l => l.TokenHash).ToListAsync());
        Assert.Equal(DemoOrganization.Kabag, link.PersonKey);
    }

    [Fact]
    public async Task ATamperedLink_GetsTheUnknownLinkPage_NeverTheTask()
    {
        var link = KabagLink();
        var last = link[^1];
        var tampered = link[..^1] + (last == 'A' ? 'B' : 'A');

        var (status, html) = await TaskPage.OpenAsync(LinkBrowser, tampered);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("data-state=\"unknown\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("catatanDisposisi", html, StringComparison.Ordinal);
        var (garbageStatus, _) = await TaskPage.OpenAsync(LinkBrowser, "/tugas/%3Cscript%3E");
        Assert.Equal(HttpStatusCode.NotFound, garbageStatus);
    }

    [Fact]
    public async Task AnExpiredLink_GetsTheExpiredPage()
    {
        var link = KabagLink();
        Host.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));

        var (status, html) = await TaskPage.OpenAsync(LinkBrowser, link);

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("data-state=\"expired\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("catatanDisposisi", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReusedLink_AfterCompletion_SaysDoneAndByWhom_WithoutTheForm_AndCannotPostAgain()
    {
        var link = KabagLink();
        var first = await TaskPage.CompleteAsync(LinkBrowser, link, new Dictionary<string, string> { ["catatanDisposisi"] = "Pertama" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(link, first.Headers.Location?.OriginalString); // back to the link's own page

        var (status, html) = await TaskPage.OpenAsync(LinkBrowser, link);

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("data-state=\"done\"", html, StringComparison.Ordinal);
        Assert.Contains("Kepala Bagian Organisasi (demo)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\" enctype", html, StringComparison.Ordinal);

        // The links are revoked off the request path, by the completion's own outbox message.
        await Host.RunDueAsync();
        await using var db = Host.HostDb();
        var hash = TaskLinkService.Hash(link.Split('/').Last());
        var taskId = (await db.TaskLinks.SingleAsync(l => l.TokenHash == hash)).TaskId;
        Assert.All(await db.TaskLinks.Where(l => l.TaskId == taskId).ToListAsync(), l => Assert.Equal("completed", l.RevokedReason));
    }

    [Fact]
    public async Task PostsOfOneOpenedPage_SentTwiceAndAtOnce_CompleteTheTaskOnce_AndEachAnswerSaysDone()
    {
        var link = KabagLink();
        var (_, html) = await TaskPage.OpenAsync(LinkBrowser, link);
        var token = TaskPage.AntiForgeryToken(html);
        MultipartFormDataContent Form(string note) => new()
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(note), "catatanDisposisi" },
        };

        // A double click: both posts leave the page at once, so either may be the one that completes.
        using var first = Form("Pertama");
        using var second = Form("Kedua");
        var answers = await Task.WhenAll(LinkBrowser.PostAsync(link, first), LinkBrowser.PostAsync(link, second));
        using var resubmit = Form("Ketiga");
        using var late = await LinkBrowser.PostAsync(link, resubmit);

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Redirect);
        foreach (var repeated in answers.Where(a => a.StatusCode != HttpStatusCode.Redirect).Append(late))
        {
            Assert.Equal(HttpStatusCode.Gone, repeated.StatusCode);
            Assert.Contains("data-state=\"done\"", await repeated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var instance = Assert.Single((await Host.Engine.QueryInstancesAsync(new Kinerja.Engine.Storage.InstanceQuery())).Items);
        var completed = Assert.Single(await Host.Engine.GetHistoryAsync(instance.Id), h => h.Kind == Kinerja.Engine.History.HistoryKind.TaskCompleted);
        Assert.Equal(DemoOrganization.Kabag, completed.Actor);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task APostWithoutTheAntiForgeryToken_IsRefused_AndChangesNothing()
    {
        var link = KabagLink();
        await TaskPage.OpenAsync(LinkBrowser, link);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["catatanDisposisi"] = "Tanpa token" });

        var response = await LinkBrowser.PostAsync(link, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var open = await Host.Engine.QueryTasksAsync(new Kinerja.Engine.Storage.TaskQuery { ElementId = "Task_Disposisi" });
        Assert.Equal(1, open.Total);
    }

    [Fact]
    public async Task APostWithATamperedOrAnotherBrowsersAntiForgeryToken_IsRefused_AndChangesNothing()
    {
        var link = KabagLink();
        var (_, html) = await TaskPage.OpenAsync(LinkBrowser, link);
        var token = Base64Url.DecodeFromChars(TaskPage.AntiForgeryToken(html));
        token[token.Length / 2] ^= 0x01; // one bit of the ciphertext
        using var other = Host.CreateClient();
        var (_, othersHtml) = await TaskPage.OpenAsync(other, link);

        using var tampered = new MultipartFormDataContent
        {
            { new StringContent(Base64Url.EncodeToString(token)), "__RequestVerificationToken" },
            { new StringContent("Token diubah"), "catatanDisposisi" },
        };
        var withTampered = await LinkBrowser.PostAsync(link, tampered);
        using var othersForm = TaskPage.Form(othersHtml, new Dictionary<string, string> { ["catatanDisposisi"] = "Token orang lain" });
        var withOthers = await LinkBrowser.PostAsync(link, othersForm); // this browser's cookie, the other's form token

        Assert.Equal(HttpStatusCode.BadRequest, withTampered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withOthers.StatusCode);
        Assert.Equal(1, (await Host.Engine.QueryTasksAsync(new Kinerja.Engine.Storage.TaskQuery { ElementId = "Task_Disposisi" })).Total);
    }

    [Fact]
    public async Task APostedFormsTwoAntiForgeryTokens_AreRecalled_NotDecryptedAgain()
    {
        var memory = Host.Services.GetRequiredService<AntiforgeryTokenMemory>();
        var link = KabagLink();
        var (_, html) = await TaskPage.OpenAsync(LinkBrowser, link);
        var before = memory.Hits;
        using var form = TaskPage.Form(html, new Dictionary<string, string> { ["catatanDisposisi"] = "Kumpulkan." });

        var response = await LinkBrowser.PostAsync(link, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(2, memory.Hits - before); // the cookie's token and the form's
    }

    [Fact]
    public async Task AnInvalidForm_ShowsTheFieldsError_AndChangesNothing()
    {
        var response = await TaskPage.CompleteAsync(LinkBrowser, KabagLink(), new Dictionary<string, string> { ["catatanDisposisi"] = "   " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-field=\"catatanDisposisi\"", html, StringComparison.Ordinal);
        Assert.Equal(1, (await Host.Engine.QueryTasksAsync(new Kinerja.Engine.Storage.TaskQuery { ElementId = "Task_Disposisi" })).Total);
    }

    [Fact]
    public async Task Uploads_AreKeptUnderTheirSha256_AndRecordedWithTheTask()
    {
        var content = "%PDF-1.4 disposisi"u8.ToArray();
        var response = await TaskPage.CompleteAsync(LinkBrowser, KabagLink(), new Dictionary<string, string> { ["catatanDisposisi"] = "Terlampir" }, ("disposisi.pdf", content));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var sha = Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
        await using var db = Host.HostDb();
        var document = await db.Documents.SingleAsync();
        Assert.Equal(sha, document.Sha256);
        Assert.Equal("disposisi.pdf", document.FileName);
        Assert.Equal(DemoOrganization.Kabag, document.UploadedBy);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(Host.DataFolder, "uploads", sha)));
        var task = (await Host.Engine.QueryTasksAsync(new Kinerja.Engine.Storage.TaskQuery { ElementId = "Task_Disposisi", Status = Kinerja.Engine.Tasks.HumanTaskStatus.Completed })).Items.Single();
        Assert.Contains(sha, task.Result!["Task_Disposisi_documents"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("program.exe", 100)]
    [InlineData("laporan.pdf", 10 * 1024 * 1024 + 1)]
    public async Task AWrongTypeOrOversizedUpload_IsRefused_NamingTheFile_AndTheTaskStaysOpen(string name, int size)
    {
        var response = await TaskPage.CompleteAsync(LinkBrowser, KabagLink(), new Dictionary<string, string> { ["catatanDisposisi"] = "Terlampir" }, (name, new byte[size]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-field=\"dokumen\"", html, StringComparison.Ordinal);
        Assert.Contains(name, html, StringComparison.Ordinal);
        Assert.Equal(1, (await Host.Engine.QueryTasksAsync(new Kinerja.Engine.Storage.TaskQuery { ElementId = "Task_Disposisi" })).Total);
        await using var db = Host.HostDb();
        Assert.Empty(await db.Documents.ToListAsync());
    }

    [Fact]
    public async Task OpeningLinks_IsRateLimitedPerAddress()
    {
        var link = KabagLink();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 61; i++)
        {
            statuses.Add((await TaskPage.OpenAsync(LinkBrowser, link)).Status);
        }

        Assert.All(statuses.Take(60), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
