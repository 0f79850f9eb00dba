using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Storage;
using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Admin;

public sealed class DefinitionAndInstanceTests
{
    private const string Process = "sop-pengumpulan-data-kinerja";

    private static MultipartFormDataContent Upload(string fileName, string content)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        form.Add(file, "berkas", fileName);
        return form;
    }

    [Fact]
    public async Task ABpmnUpload_WithAnXxeDoctype_IsRefusedWithAClearMessage_AndNothingIsDeployed()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);
        var before = await host.Engine.ListDefinitionsAsync();
        var xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE bpmn [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="http://kinerja">
              <bpmn:process id="proses-xxe" name="&xxe;" isExecutable="true">
                <bpmn:startEvent id="Mulai" />
              </bpmn:process>
            </bpmn:definitions>
            """;

        using var form = Upload("serangan.bpmn", xxe);
        var response = await admin.PostMultipartAsync("/admin/definisi", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Browser.TextAsync(response);
        Assert.Contains("serangan.bpmn ditolak: 1 masalah. Tidak ada yang disimpan.", html, StringComparison.Ordinal);
        Assert.Contains("DOCTYPE declarations are not allowed in a definition", html, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", html, StringComparison.Ordinal);
        Assert.Equal(before.Count, (await host.Engine.ListDefinitionsAsync()).Count);
        Assert.Empty(await host.Engine.ListDefinitionsAsync("proses-xxe"));
    }

    [Fact]
    public async Task ABpmnUpload_IsRefused_ForTheWrongExtension_AnEmptyFile_OrAProblemListedWithElementAndLine()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);
        var seed = await File.ReadAllTextAsync(RepoPaths.SeedSop);

        using var exe = Upload("proses.exe", seed);
        using var empty = Upload("kosong.bpmn", "");
        using var broken = Upload("rusak.bpmn", seed.Replace("targetRef=\"Task_Distribusi\"", "targetRef=\"Task_TidakAda\"", StringComparison.Ordinal));
        var wrongType = await admin.PostMultipartAsync("/admin/definisi", exe);
        var nothing = await admin.PostMultipartAsync("/admin/definisi", empty);
        var problems = await admin.PostMultipartAsync("/admin/definisi", broken);

        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("Berkas BPMN: jenis berkas '.exe' tidak diterima (hanya .bpmn, .xml).", await Browser.TextAsync(wrongType), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Contains("Berkas BPMN: berkas kosong.", await Browser.TextAsync(nothing), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, problems.StatusCode);
        var text = await Browser.TextAsync(problems);
        Assert.Contains("data-list=\"problems\"", text, StringComparison.Ordinal);
        Assert.Contains("<td>Flow_Disposisi_Distribusi</td><td>157:", text, StringComparison.Ordinal);
        Assert.Single(await host.Engine.ListDefinitionsAsync(Process));
    }

    [Fact]
    public async Task ABpmnUpload_DeploysANewVersion_ListedBesideTheFirst_AndEachVersionsXmlDownloads()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);
        var seed = await File.ReadAllTextAsync(RepoPaths.SeedSop);

        using var same = Upload("sop-pengumpulan-data-kinerja.bpmn", seed);
        var unchanged = await admin.PostMultipartAsync("/admin/definisi", same);
        Assert.Equal(HttpStatusCode.Redirect, unchanged.StatusCode);
        Assert.Contains("sop-pengumpulan-data-kinerja v1 (tidak berubah)", await admin.PageAsync("/admin/definisi"), StringComparison.Ordinal);

        var changed = seed.Replace("kinerja:timeStandard=\"PT5M\"", "kinerja:timeStandard=\"PT10M\"", StringComparison.Ordinal);
        using var next = Upload("sop-v2.xml", changed);
        var deployed = await admin.PostMultipartAsync("/admin/definisi", next);

        Assert.Equal(HttpStatusCode.Redirect, deployed.StatusCode);
        var list = await admin.PageAsync("/admin/definisi");
        Assert.Contains("sop-v2.xml dipasang: sop-pengumpulan-data-kinerja v2.", list, StringComparison.Ordinal);
        Assert.Contains($"data-definition=\"{Process}:2\"", list, StringComparison.Ordinal);
        Assert.Contains($"data-definition=\"{Process}:1\"", list, StringComparison.Ordinal);
        var v2 = Assert.Single(await host.Engine.ListDefinitionsAsync(Process), d => d.Version == 2);
        Assert.Equal("admin", v2.DeployedBy);
        Assert.Equal("sop-v2.xml", v2.SourceName);

        var download = await admin.GetAsync($"/admin/definisi/{Process}/1");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/xml", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"{Process}-v1.bpmn", download.Content.Headers.ContentDisposition!.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(seed, await download.Content.ReadAsStringAsync());
        Assert.Contains("PT10M", await (await admin.GetAsync($"/admin/definisi/{Process}/2")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/definisi/{Process}/3")).StatusCode);
    }

    [Fact]
    public async Task StartingTheSeedSop_FromTheDefinitionsPage_FansOutToAllSkpds_AndOpensTheInstance()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);

        var response = await admin.PostFormAsync("/admin/definisi", [new("processKey", Process), new("businessKey", "LKjIP-2025")], action: "/admin/definisi?handler=Start");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
        var instance = await host.Engine.GetInstanceAsync(id);
        Assert.Equal("LKjIP-2025", instance.BusinessKey);
        Assert.Equal("admin", instance.StartedBy);
        Assert.Equal(42, instance.Variables["skpd"]!.AsArray().Count);
        Assert.Contains("Task_Disposisi", await admin.PageAsync($"/admin/instans/{id}"), StringComparison.Ordinal);
        var unknown = await admin.PostFormAsync("/admin/definisi", [new("processKey", "tidak-ada")], action: "/admin/definisi?handler=Start");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Instances_AreListedAndFiltered_TheDetailShowsTasksAndHistory_AndCancellingNeedsAReason()
    {
        await using var host = await KinerjaHost.StartAsync();
        var first = await host.Engine.StartAsync(Process, businessKey: "TW1-2026", startedBy: "tes");
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var second = await host.Engine.StartAsync(Process, businessKey: "TW2-2026", startedBy: "tes");
        using var admin = await Browser.SignInAsAdminAsync(host);

        var all = await admin.PageAsync("/admin/instans");
        var filtered = await admin.PageAsync("/admin/instans?kunci=TW2-2026");

        Assert.Contains($"data-instance=\"{first.Id}\"", all, StringComparison.Ordinal);
        Assert.True(all.IndexOf(second.Id.ToString(), StringComparison.Ordinal) < all.IndexOf(first.Id.ToString(), StringComparison.Ordinal)); // newest first
        Assert.Contains($"data-instance=\"{second.Id}\"", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-instance=\"{first.Id}\"", filtered, StringComparison.Ordinal);
        Assert.Contains("Proses 'tidak-ada' tidak ada.", await Browser.TextAsync(await admin.GetAsync("/admin/instans?proses=tidak-ada")), StringComparison.Ordinal);

        var detail = await admin.PageAsync($"/admin/instans/{first.Id}");
        Assert.Contains("Menugaskan dan mengarahkan Kasubbag.", detail, StringComparison.Ordinal);
        Assert.Contains("Kabag Organisasi (kabag-organisasi) (belum diambil)", detail, StringComparison.Ordinal);
        Assert.Contains("2 Mar 2026 08.05 WITA", detail, StringComparison.Ordinal);
        Assert.Contains("sisa 4 menit waktu kerja", detail, StringComparison.Ordinal);
        Assert.Contains("TaskCreated", detail, StringComparison.Ordinal);

        var page = $"/admin/instans/{first.Id}";
        var noReason = await admin.PostFormAsync(page, [new("Reason", "  ")], page + "?handler=Cancel");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Alasan wajib diisi.", await Browser.TextAsync(noReason), StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Running, (await host.Engine.GetInstanceAsync(first.Id)).Status);

        var cancelled = await admin.PostFormAsync(page, [new("Reason", "Salah periode")], page + "?handler=Cancel");

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(InstanceStatus.Cancelled, (await host.Engine.GetInstanceAsync(first.Id)).Status);
        var after = await admin.PageAsync(page);
        Assert.Contains("Instans dibatalkan.", after, StringComparison.Ordinal);
        Assert.Contains("data-status=\"Cancelled\"", after, StringComparison.Ordinal);
        Assert.Contains("InstanceCancelled", after, StringComparison.Ordinal);
        Assert.DoesNotContain("?handler=Cancel", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-instance=\"{first.Id}\"", await admin.PageAsync("/admin/instans"), StringComparison.Ordinal);
        Assert.Contains($"data-instance=\"{first.Id}\"", await admin.PageAsync("/admin/instans?status=Cancelled"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOverduePage_ListsOpenTasksPastTheirDeadline_WithHolderAndLatenessInWorkingTime()
    {
        await using var host = await KinerjaHost.StartAsync(); // Monday 08:00 WITA; Disposisi is due at 08:05
        var instance = await host.Engine.StartAsync(Process, businessKey: "TW1-2026");
        using var admin = await Browser.SignInAsAdminAsync(host);
        Assert.Contains("Tidak ada tugas yang terlambat.", await admin.PageAsync("/admin/terlambat"), StringComparison.Ordinal);

        // Tuesday 08:00: Monday 08:05–12:00 and 12:45–16:00, then Tuesday 07:30–08:00 = 7 h 40 min of working time late.
        await host.AdvanceToAsync(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync("/admin/terlambat")).StatusCode); // the 8-hour sign-in ran out overnight
        using var again = await Browser.SignInAsAdminAsync(host);
        var html = await again.PageAsync("/admin/terlambat");

        var task = Assert.Single((await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        Assert.Contains($"data-task=\"{task.Id}\"", html, StringComparison.Ordinal);
        Assert.Contains("Kabag Organisasi (kabag-organisasi)", html, StringComparison.Ordinal);
        Assert.Contains("2 Mar 2026 08.05 WITA", html, StringComparison.Ordinal);
        Assert.Contains("data-lateness=\"460\">7 jam 40 menit<", html, StringComparison.Ordinal);
        Assert.Contains("data-count=\"overdue\" class=\"overdue\"><a href=\"/admin/terlambat\">1</a>", await again.PageAsync("/admin"), StringComparison.Ordinal);
    }
}
