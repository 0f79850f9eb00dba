using Kinerja.Engine.Storage;
using Kinerja.Host.Tasks;
using Kinerja.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kinerja.Host.Tests.Browser;

/// <summary>An admin draws in the real designer (bpmn-js in Debian's Chromium) and watches the live view.</summary>
[Collection(BrowserTests.Name)]
public sealed class DesignerInBrowserTests(BrowserFixture browser)
{
    private const string Seed = "sop-pengumpulan-data-kinerja";
    private static readonly string Screenshots = Path.Combine(RepoPaths.Root, "docs", "screenshots");

    private static async Task<IPage> OpenDesignerAsync(BrowserFixture browser, KinerjaHost host, string processKey = Seed)
    {
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.SignInAsync(page, "admin", host.Startup.AdminPassword!);
        await page.GotoAsync($"/admin/desain/{processKey}");
        await page.WaitForSelectorAsync("#kinerja-designer[data-ready=true]", new() { Timeout = 30_000 });
        return page;
    }

    private static ILocator Problems(IPage page, string elementId, string? source = null) =>
        page.Locator($"[data-testid=problem][data-element-id=\"{elementId}\"]{(source is null ? string.Empty : $"[data-source={source}]")}");

    [Fact]
    public async Task AnAdmin_AddsAStepFromATemplate_SetsTimeAndRole_SeesTheLintClear_Publishes_AndTheNewVersionRuns()
    {
        await using var host = await KinerjaHost.StartAsync(kestrel: true);
        var page = await OpenDesignerAsync(browser, host);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.PageError += (_, e) => errors.Enqueue(e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Enqueue(m.Text);
            }
        };

        // Bahasa Indonesia first: palette, toolbar.
        Assert.Equal("Buat tugas", await page.GetAttributeAsync("[data-action=\"create.task\"]", "aria-label"));
        Assert.Contains("Terbitkan", await page.InnerTextAsync("[data-testid=btn-publish]"), StringComparison.Ordinal);

        // The properties panel names the selected element's kind in Bahasa Indonesia too.
        await page.EvaluateAsync("() => window.kinerjaDesigner.modeler.get('selection').select(window.kinerjaDesigner.modeler.get('elementRegistry').get('Gateway_DataTerkumpul'))");
        await Assertions.Expect(page.Locator(".bio-properties-panel-header-type")).ToHaveTextAsync("Gerbang eksklusif");

        // The "Langkah SOP" template is in the palette; it makes a user task with the template applied. The step is
        // placed in the Kabag's lane and wired between Disposisi and Distribusi through bpmn-js's own services (what
        // dragging it there and drawing the two arrows does).
        Assert.True(await page.Locator("[data-action=\"create.template.kinerja.langkah-sop\"]").IsVisibleAsync());
        var stepId = await page.EvaluateAsync<string>("""
            () => {
              const modeler = window.kinerjaDesigner.modeler;
              const registry = modeler.get('elementRegistry'), modeling = modeler.get('modeling');
              const pool = registry.filter(e => e.type === 'bpmn:Participant')[0];
              const palette = modeler.get('kinerjaTemplatePalette');
              const template = modeler.get('elementTemplates').getAll().find(t => t.id === 'kinerja.langkah-sop');
              modeling.createShape(palette.createShape(template), { x: 800, y: 135 }, pool);
              const step = registry.filter(e => e.type === 'bpmn:UserTask' && e.businessObject.get('camunda:modelerTemplate') === 'kinerja.langkah-sop')[0];
              modeling.updateLabel(step, 'Memeriksa kelengkapan disposisi');
              modeling.removeElements([registry.get('Flow_Disposisi_Distribusi')]);
              modeling.createConnection(registry.get('Task_Disposisi'), step, { type: 'bpmn:SequenceFlow' }, pool);
              modeling.createConnection(step, registry.get('Task_Distribusi'), { type: 'bpmn:SequenceFlow' }, pool);
              modeler.get('selection').select(step);
              return step.id;
            }
            """);
        Assert.Equal("Task_Distribusi", await page.EvaluateAsync<string>(
            $"() => window.kinerjaDesigner.modeler.get('elementRegistry').get('{stepId}').outgoing[0].target.id"));
        Assert.Equal("kinerja.langkah-sop", await page.EvaluateAsync<string>(
            $"() => window.kinerjaDesigner.modeler.get('elementRegistry').get('{stepId}').businessObject.get('camunda:modelerTemplate')"));

        // Without a time standard the live lint flags the step; with one (and a role) the flag goes.
        var timeStandard = page.Locator("[data-entry-id=\"kinerja-timeStandard\"] input");
        await timeStandard.FillAsync(string.Empty);
        await page.Locator($"[data-testid=problem][data-element-id=\"{stepId}\"][data-rule=\"kinerja/user-task-time-standard\"]").WaitForAsync();
        await timeStandard.FillAsync("PT30M");
        await page.SelectOptionAsync("[data-entry-id=\"kinerja-role\"] select", "pengelola-data");
        await page.Locator("[data-testid=due-preview][data-state=ok]").WaitForAsync();
        await Problems(page, stepId).First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "designer.png") });

        // The change is saved as a draft by itself (autosave), not deployed.
        await page.Locator("[data-testid=save-status][data-state=saved][data-reason=autosave]").WaitForAsync(new() { Timeout = 15_000 });
        await using (var db = host.HostDb())
        {
            Assert.Contains(stepId, db.Drafts.Single(d => d.ProcessKey == Seed).Xml, StringComparison.Ordinal);
        }

        Assert.Single(await host.Engine.ListDefinitionsAsync(Seed));
        await page.ClickAsync("[data-testid=btn-publish]");
        await page.Locator("[data-testid=publish-status][data-state=published][data-version=\"2\"]").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Empty(errors);

        // Version history with who and when, and the two versions side by side: the new step is what was added.
        await page.ClickAsync("[data-testid=btn-versions]");
        var v1 = page.Locator("[data-testid=version-item][data-version=\"1\"]");
        var v2 = page.Locator("[data-testid=version-item][data-version=\"2\"]");
        await v2.WaitForAsync();
        Assert.Contains("admin", await v2.InnerTextAsync(), StringComparison.Ordinal);
        await v1.Locator("[data-testid=version-compare]").CheckAsync();
        await v2.Locator("[data-testid=version-compare]").CheckAsync();
        await page.ClickAsync("[data-testid=btn-compare]");
        await page.Locator($"[data-testid=diff-change][data-change=added][data-element-id=\"{stepId}\"]").WaitForAsync(new() { Timeout = 15_000 });
        await page.ClickAsync("[data-testid=btn-diff-close]");

        Assert.Equal([2, 1], (await host.Engine.ListDefinitionsAsync(Seed)).Select(d => d.Version).OrderDescending());
        var instance = await host.Services.GetRequiredService<SopStarter>().StartAsync(Seed, "LKjIP-2026", null, "admin");
        Assert.Equal(2, instance.DefinitionVersion);
        var disposisi = (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items.Single();
        await host.Engine.CompleteTaskAsync(disposisi.Id, "admin", new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["catatanDisposisi"] = "ok" });
        var added = (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items.Single();
        Assert.Equal(stepId, added.ElementId);
        Assert.Equal(["pengelola-data"], added.CandidateGroups);
        Assert.Equal(KinerjaHost.MondayMorning.AddMinutes(30), added.DueAt); // 30 working minutes after Monday 08:00

        // The live view of that instance shows the task waiting at the new step.
        await page.GotoAsync($"/admin/pantau/instans/{instance.Id}");
        await page.WaitForSelectorAsync("#kinerja-live[data-ready=true]", new() { Timeout = 30_000 });
        Assert.Equal("1", await page.GetAttributeAsync($"[data-testid=\"overlay-{stepId}\"]", "data-waiting"));
    }

    [Fact]
    public async Task TheDesigner_DownloadsBpmnAndSvg_StartsANewSopFromItsTemplate_SimulatesTokens_AndSpeaksEnglishOnRequest()
    {
        await using var host = await KinerjaHost.StartAsync(kestrel: true);
        var page = await OpenDesignerAsync(browser, host);

        var bpmn = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=btn-download-bpmn]"));
        var svg = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=btn-download-svg]"));
        Assert.Contains($"id=\"{Seed}\"", await File.ReadAllTextAsync((await bpmn.PathAsync())!), StringComparison.Ordinal);
        Assert.Contains("<svg", await File.ReadAllTextAsync((await svg.PathAsync())!), StringComparison.Ordinal);

        await page.ClickAsync("[data-testid=btn-simulation]");
        await page.WaitForSelectorAsync("#kinerja-designer[data-simulation=on]");
        await page.ClickAsync("[data-testid=btn-simulation]");
        await page.WaitForSelectorAsync("#kinerja-designer[data-simulation=off]");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.ClickAsync("[data-testid=btn-new-sop]");
        await page.Locator("[data-testid=btn-restore]").WaitForAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.kinerjaDesigner.modeler.get('elementRegistry').filter(e => e.id === 'Task_Disposisi').length"));

        await page.GotoAsync($"/admin/desain/{Seed}?culture=en-US");
        await page.WaitForSelectorAsync("#kinerja-designer[data-ready=true]", new() { Timeout = 30_000 });
        Assert.Equal("Create task", await page.GetAttributeAsync("[data-action=\"create.task\"]", "aria-label"));
    }

    [Fact]
    public async Task ALangkahSopDroppedFromThePaletteOntoAFlow_GoesInBetween_WithItsTemplate_InOneUndoableStep()
    {
        await using var host = await KinerjaHost.StartAsync(kestrel: true);
        var page = await OpenDesignerAsync(browser, host);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.PageError += (_, e) => errors.Enqueue(e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Enqueue(m.Text);
            }
        };
        var target = await page.EvaluateAsync<double[]>("""
            () => {
              const modeler = window.kinerjaDesigner.modeler;
              const [a, b] = modeler.get('elementRegistry').get('Flow_Disposisi_Distribusi').waypoints;
              const viewbox = modeler.get('canvas').viewbox();
              const box = modeler.get('canvas').getContainer().getBoundingClientRect();
              return [box.left + ((a.x + b.x) / 2 - viewbox.x) * viewbox.scale, box.top + ((a.y + b.y) / 2 - viewbox.y) * viewbox.scale];
            }
            """);
        var (x, y) = ((float)target[0], (float)target[1]);

        await page.ClickAsync("[data-action=\"create.template.kinerja.langkah-sop\"]");
        await page.Mouse.MoveAsync(x - 40, y + 40, new() { Steps = 5 });
        await page.Mouse.MoveAsync(x, y, new() { Steps = 10 });
        await page.Mouse.ClickAsync(x, y);

        Assert.Empty(errors);
        var wiring = await page.EvaluateAsync<string[]>("""
            () => {
              const registry = window.kinerjaDesigner.modeler.get('elementRegistry');
              const step = registry.filter(e => e.type === 'bpmn:UserTask' && e.businessObject.get('camunda:modelerTemplate') === 'kinerja.langkah-sop')[0];
              if (!step) return ['none', String(registry.getAll().length)];
              return [step.type, step.businessObject.get('camunda:modelerTemplate'), step.incoming[0].source.id, step.outgoing[0].target.id];
            }
            """);
        Assert.Equal(["bpmn:UserTask", "kinerja.langkah-sop", "Task_Disposisi", "Task_Distribusi"], wiring);
        await page.ClickAsync("[data-testid=btn-undo]");
        Assert.Equal(1, await page.EvaluateAsync<int>(
            "() => window.kinerjaDesigner.modeler.get('elementRegistry').filter(e => e.id === 'Flow_Disposisi_Distribusi').length"));
    }

    [Fact]
    public async Task UploadingABrokenFile_ListsTheServersErrorNamingTheElement_AndClickingItSelectsTheElement()
    {
        await using var host = await KinerjaHost.StartAsync(kestrel: true);
        var page = await OpenDesignerAsync(browser, host);
        var broken = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                xmlns:kinerja="https://kinerja-workflows.org/schema/bpmn/1.0" id="d" targetNamespace="t">
              <bpmn:process id="sop-rusak" isExecutable="true">
                <bpmn:startEvent id="Mulai" />
                <bpmn:sequenceFlow id="f1" sourceRef="Mulai" targetRef="Task_Rusak" />
                <bpmn:userTask id="Task_Rusak" name="Langkah rusak" camunda:candidateGroups="pengelola-data" kinerja:timeStandard="lima hari" />
                <bpmn:sequenceFlow id="f2" sourceRef="Task_Rusak" targetRef="Selesai" />
                <bpmn:endEvent id="Selesai" />
              </bpmn:process>
            </bpmn:definitions>
            """;

        await page.SetInputFilesAsync("[data-testid=upload-input]", new FilePayload { Name = "rusak.bpmn", MimeType = "application/xml", Buffer = System.Text.Encoding.UTF8.GetBytes(broken) });

        var problem = Problems(page, "Task_Rusak", "server").First;
        await problem.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Contains("lima hari", await problem.InnerTextAsync(), StringComparison.Ordinal);
        await problem.ClickAsync();
        Assert.Equal("Task_Rusak", await page.EvaluateAsync<string>("() => window.kinerjaDesigner.modeler.get('selection').get()[0].id"));

        await page.ClickAsync("[data-testid=btn-publish]");
        await page.Locator("[data-testid=publish-status][data-state=rejected]").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Empty(await host.Engine.ListDefinitionsAsync("sop-rusak"));
    }

    [Fact]
    public async Task TheLiveViewOfTheSeedSop_ShowsTheSkpdFanOutsProgressAndOverdueCounts_InBahasaIndonesia()
    {
        await using var host = await KinerjaHost.StartAsync(kestrel: true);
        var instance = await host.Services.GetRequiredService<SopStarter>().StartAsync(Seed, "LKjIP-2025", null, "admin");
        await host.RunDueAsync();
        foreach (var (element, field, value) in new[] { ("Task_Disposisi", "catatanDisposisi", "ok"), ("Task_Distribusi", "batasWaktuSkpd", "2026-03-04") })
        {
            var task = (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id, ElementId = element })).Items.Single();
            await host.Engine.CompleteTaskAsync(task.Id, "admin", new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { [field] = value });
        }

        var skpd = (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id, ElementId = "Task_SajikanDataSkpd", Take = 100 })).Items;
        foreach (var task in skpd.Take(31))
        {
            await host.Engine.CompleteTaskAsync(task.Id, "admin", new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["capaianKinerja"] = "ok" });
        }

        await host.AdvanceToAsync(new DateTimeOffset(2026, 3, 5, 8, 0, 0, TimeSpan.FromHours(8))); // past the SKPDs' deadline
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.SignInAsync(page, "admin", host.Startup.AdminPassword!);

        // The live view's timers run on a clock the test moves; installed after signing in, so that the sign-in's
        // own navigation never waits on a faked clock (with it installed first, one run in a few timed out there).
        await page.Clock.InstallAsync();
        await page.GotoAsync($"/admin/pantau/instans/{instance.Id}");
        await page.WaitForSelectorAsync("#kinerja-live[data-ready=true]", new() { Timeout = 30_000 });

        var overlay = page.Locator("[data-testid=\"overlay-Task_SajikanDataSkpd\"]");
        Assert.Equal("11", await overlay.GetAttributeAsync("data-waiting"));
        Assert.Equal("11", await overlay.GetAttributeAsync("data-overdue"));
        Assert.Equal("31", await overlay.GetAttributeAsync("data-completed"));
        Assert.Equal("42", await overlay.GetAttributeAsync("data-total"));
        Assert.Contains("31/42", await overlay.InnerTextAsync(), StringComparison.Ordinal);

        // It refreshes by itself: one more SKPD reports, and after the refresh interval the overlay says so.
        var late = skpd.Skip(31).First();
        await host.Engine.CompleteTaskAsync(late.Id, "admin", new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["capaianKinerja"] = "ok" });
        await page.Clock.FastForwardAsync("00:11");
        await page.Locator("[data-testid=\"overlay-Task_SajikanDataSkpd\"][data-completed=\"32\"]").WaitForAsync(new() { Timeout = 15_000 });
        Assert.Equal("10", await overlay.GetAttributeAsync("data-waiting"));
        await page.Locator("[data-element-id=\"Task_SajikanDataSkpd\"]").First.ClickAsync();
        await page.Locator("[data-testid=element-tasks] [data-testid=task-row]").First.WaitForAsync();
        Assert.Equal(10, await page.Locator("[data-testid=element-tasks] [data-testid=task-row]").CountAsync());
        Assert.Contains("Diperbarui", await page.InnerTextAsync("[data-testid=live-status]"), StringComparison.Ordinal);

        // "Ingatkan" sends the holders of that task a reminder with a fresh link, now.
        var row = page.Locator("[data-testid=element-tasks] [data-testid=task-row]").First;
        var taskId = await row.GetAttributeAsync("data-task-id");
        await row.Locator("[data-testid=task-remind]").ClickAsync();
        await row.Locator("[data-testid=task-remind][data-state=sent]").WaitForAsync();
        await using (var db = host.HostDb())
        {
            var reminder = db.Mail.Single(m => m.TaskId == taskId && m.Id.Contains(":manual-reminder:"));
            Assert.StartsWith("[Pengingat]", reminder.Subject, StringComparison.Ordinal);
            Assert.Contains("/tugas/", reminder.TextBody, StringComparison.Ordinal);
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "live-view.png"), FullPage = true });
    }
}
