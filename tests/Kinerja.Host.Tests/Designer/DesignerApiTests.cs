using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kinerja.Engine.Storage;
using Kinerja.Host.Tasks;
using Kinerja.Host.Tests.Api;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Designer;

/// <summary>The designer's server side: drafts never deploy, publishing validates first, and the live view counts right.</summary>
public sealed class DesignerApiTests
{
    private const string Seed = ApiClients.SeedProcess;

    private static string SeedXml() => File.ReadAllText(RepoPaths.SeedSop);

    [Fact]
    public async Task ADraft_IsSavedAndReadBack_WithoutDeploying_AndPublishingMakesVersion2_AndClearsTheDraft()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await ApiClients.AdminAsync(host);
        var original = await (await admin.GetAsync($"/api/designer/drafts/{Seed}")).JsonAsync(HttpStatusCode.OK);
        Assert.False(original["isDraft"]!.GetValue<bool>());
        Assert.Equal(1, original["basedOnVersion"]!.GetValue<int>());

        var changed = SeedXml().Replace("kinerja:timeStandard=\"P1D\"", "kinerja:timeStandard=\"P2D\"", StringComparison.Ordinal);
        var saved = await (await admin.PutAsJsonAsync($"/api/designer/drafts/{Seed}", new { xml = changed })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(Seed, saved["processKey"]!.GetValue<string>());
        var draft = await (await admin.GetAsync($"/api/designer/drafts/{Seed}")).JsonAsync(HttpStatusCode.OK);
        Assert.True(draft["isDraft"]!.GetValue<bool>());
        Assert.Contains("P2D", draft["xml"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(await host.Engine.ListDefinitionsAsync(Seed));

        var published = await (await admin.PostAsJsonAsync("/api/designer/publish", new { xml = changed })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, published["version"]!.GetValue<int>());
        Assert.Equal(2, (await host.Engine.ListDefinitionsAsync(Seed)).Count);
        await using var db = host.HostDb();
        Assert.Empty(await db.Drafts.ToListAsync());
    }

    [Fact]
    public async Task AFileThatDoesNotValidate_IsNeverPublished_AndValidateNamesTheElement()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await ApiClients.AdminAsync(host);
        var broken = SeedXml().Replace("kinerja:timeStandard=\"P5D\"", "kinerja:timeStandard=\"lima hari\"", StringComparison.Ordinal);

        var validation = await (await admin.PostAsJsonAsync("/api/designer/validate", new { xml = broken })).JsonAsync(HttpStatusCode.OK);
        var refused = await (await admin.PostAsJsonAsync("/api/designer/publish", new { xml = broken })).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        var problem = Assert.Single(validation["problems"]!.AsArray());
        Assert.Equal("Task_Kompilasi", problem!["elementId"]!.GetValue<string>());
        Assert.True(problem["line"]!.GetValue<int>() > 0);
        Assert.Contains(refused["problems"]!.AsArray(), p => p!["elementId"]!.GetValue<string>() == "Task_Kompilasi");
        Assert.Single(await host.Engine.ListDefinitionsAsync(Seed));
        var clean = await (await admin.PostAsJsonAsync("/api/designer/validate", new { xml = SeedXml() })).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(clean["problems"]!.AsArray());
    }

    [Fact]
    public async Task ANewSop_IsSavedUnderItsProcessId_AndNotWellFormedXmlIsRefusedNamingTheField()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await ApiClients.AdminAsync(host);
        var xml = SeedXml().Replace($"id=\"{Seed}\"", "id=\"sop-baru\"", StringComparison.Ordinal);

        var saved = await (await admin.PutAsJsonAsync("/api/designer/drafts/baru", new { xml })).JsonAsync(HttpStatusCode.OK);
        var broken = await (await admin.PutAsJsonAsync("/api/designer/drafts/baru", new { xml = "<bpmn:definitions" })).ProblemAsync(HttpStatusCode.BadRequest);
        var xxe = await (await admin.PutAsJsonAsync("/api/designer/drafts/baru", new
        {
            xml = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d>&x;</d>",
        })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("sop-baru", saved["processKey"]!.GetValue<string>());
        Assert.True((await admin.GetAsync("/api/designer/drafts/sop-baru")).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/designer/drafts/baru")).StatusCode);
        Assert.True(broken["errors"]!.AsObject().ContainsKey("xml"));
        Assert.True(xxe["errors"]!.AsObject().ContainsKey("xml"));
    }

    [Fact]
    public async Task OnlyASignedInAdmin_MayUseTheDesigner_AndCookieCallsNeedTheAntiforgeryHeader()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (keyClient, _, _) = await ApiClients.KeyClientAsync(host);
        using var officer = await ApiClients.OfficerAsync(host, "kabag.organisasi");
        using var bare = await ApiClients.AdminAsync(host, withAntiforgeryHeader: false);
        using (keyClient)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await keyClient.PostAsJsonAsync("/api/designer/publish", new { xml = SeedXml() })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync($"/api/designer/drafts/{Seed}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await bare.PostAsJsonAsync("/api/designer/publish", new { xml = SeedXml() })).StatusCode);
        Assert.Single(await host.Engine.ListDefinitionsAsync(Seed));
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/designer/drafts/{Seed}")).StatusCode);
    }

    [Fact]
    public async Task TheLiveView_CountsWaitingOverdueDueSoonAndTheSkpdFanOutsProgress()
    {
        await using var host = await KinerjaHost.StartAsync();
        var instance = await host.Services.GetRequiredService<SopStarter>().StartAsync(Seed, "LKjIP-2025", null, "admin");
        await host.RunDueAsync();
        foreach (var step in new[] { ("Task_Disposisi", "catatanDisposisi", "ok"), ("Task_Distribusi", "batasWaktuSkpd", "2026-03-13") })
        {
            var task = (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id, ElementId = step.Item1 })).Items.Single();
            await host.Engine.CompleteTaskAsync(task.Id, "admin", new Dictionary<string, JsonNode?> { [step.Item2] = step.Item3 });
        }

        var skpdTasks = (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id, ElementId = "Task_SajikanDataSkpd", Take = 100 })).Items;
        foreach (var task in skpdTasks.Take(31))
        {
            await host.Engine.CompleteTaskAsync(task.Id, "admin", new Dictionary<string, JsonNode?> { ["capaianKinerja"] = "ok" });
        }

        await host.AdvanceToAsync(new DateTimeOffset(2026, 3, 12, 15, 0, 0, TimeSpan.FromHours(8))); // past the 80 % point
        using var admin = await ApiClients.AdminAsync(host);

        var state = await (await admin.GetAsync($"/api/live/instances/{instance.Id}")).JsonAsync(HttpStatusCode.OK);
        var fanOut = state["elements"]!["Task_SajikanDataSkpd"]!;
        Assert.Equal(11, fanOut["waiting"]!.GetValue<int>());
        Assert.Equal(31, fanOut["completed"]!.GetValue<int>());
        Assert.Equal(42, fanOut["total"]!.GetValue<int>());
        Assert.Equal(11, fanOut["dueSoon"]!.GetValue<int>());
        Assert.Equal(0, fanOut["overdue"]!.GetValue<int>());
        Assert.Contains("Task_Disposisi", state["completedElements"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Contains("Flow_Mulai_Disposisi", state["completedFlows"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(11, state["tasks"]!["Task_SajikanDataSkpd"]!.AsArray().Count);

        await host.AdvanceToAsync(new DateTimeOffset(2026, 3, 13, 14, 30, 0, TimeSpan.FromHours(8)));
        using var later = await ApiClients.AdminAsync(host); // a sign-in lasts 8 hours
        var summed = await (await later.GetAsync($"/api/live/definitions/{Seed}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, summed["instances"]!.GetValue<int>());
        Assert.Equal(11, summed["elements"]!["Task_SajikanDataSkpd"]!["overdue"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheDesignerAndLivePages_AreForAdmins_AndCarryTheirConfiguration()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Admin.Browser.SignInAsAdminAsync(host);
        var instance = await host.Services.GetRequiredService<SopStarter>().StartAsync(Seed, "LKjIP-2025", null, "admin");

        var designer = await admin.PageAsync($"/admin/desain/{Seed}");
        var list = await admin.PageAsync("/admin/desain");
        var live = await admin.PageAsync($"/admin/pantau/instans/{instance.Id}");

        Assert.Contains("id=\"kinerja-designer-config\"", designer, StringComparison.Ordinal);
        Assert.Contains($"/api/designer/drafts/{Seed}", designer, StringComparison.Ordinal);
        Assert.Contains("/dist/designer.js", designer, StringComparison.Ordinal);
        Assert.Contains($"data-process=\"{Seed}\"", list, StringComparison.Ordinal);
        Assert.Contains($"/api/live/instances/{instance.Id}", live, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/pantau/instans/bukan-guid")).StatusCode);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/admin/desain/{Seed}")).StatusCode);
    }
}
