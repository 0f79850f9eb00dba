using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Api;

public sealed class DefinitionsApiTests
{
    internal static string SmallProcess(string processId = "api-test", string timeStandard = "PT30M", string taskId = "Task_Periksa") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:kinerja="https://kinerja-workflows.org/schema/bpmn/1.0"
                          id="Definitions_ApiTest" targetNamespace="https://kinerja-workflows.org/test">
          <bpmn:process id="{processId}" name="Proses uji API" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="{taskId}" />
            <bpmn:userTask id="{taskId}" name="Periksa" camunda:candidateGroups="kabag-organisasi" kinerja:timeStandard="{timeStandard}" />
            <bpmn:sequenceFlow id="Flow_2" sourceRef="{taskId}" targetRef="End" />
            <bpmn:endEvent id="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static MultipartFormDataContent File(string xml, string fileName)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(xml));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        return new MultipartFormDataContent { { content, "file", fileName } };
    }

    private static StringContent Xml(string xml) => new(xml, Encoding.UTF8, "application/xml");

    [Fact]
    public async Task DeployingAChangedFile_AddsAVersion_ListedWithItsXml()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host, "deployer");
        using var _ = client;
        var seed = await System.IO.File.ReadAllTextAsync(RepoPaths.SeedSop);
        var changed = seed.Replace("kinerja:timeStandard=\"PT5M\"", "kinerja:timeStandard=\"PT10M\"", StringComparison.Ordinal);
        Assert.NotEqual(seed, changed);

        using var upload = File(changed, "sop-pengumpulan-data-kinerja.bpmn");
        var response = await client.PostAsync("/api/definitions", upload);

        var deployed = await response.JsonAsync(HttpStatusCode.Created);
        var process = Assert.Single(deployed["processes"].Objects());
        Assert.Equal(2, process["version"]!.GetValue<int>());
        Assert.True(process["isNewVersion"]!.GetValue<bool>());
        Assert.Equal($"/api/definitions/{ApiClients.SeedProcess}/versions/2", response.Headers.Location?.OriginalString);

        var versions = await (await client.GetAsync($"/api/definitions/{ApiClients.SeedProcess}/versions")).ArrayAsync();
        Assert.Equal([2, 1], versions.Objects().Select(v => v["version"]!.GetValue<int>()));
        Assert.Equal("deployer", versions[0]!["deployedBy"].Text());
        var latest = Assert.Single((await (await client.GetAsync("/api/definitions")).ArrayAsync()).Objects(), d => d["processKey"].Text() == ApiClients.SeedProcess);
        Assert.Equal(2, latest["latestVersion"]!.GetValue<int>());
        Assert.Equal(2, latest["versionCount"]!.GetValue<int>());

        var xml = await client.GetAsync($"/api/definitions/{ApiClients.SeedProcess}/versions/2/xml");
        Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
        Assert.Equal("application/xml", xml.Content.Headers.ContentType?.MediaType);
        Assert.Equal(changed, await xml.Content.ReadAsStringAsync());

        var detail = await (await client.GetAsync($"/api/definitions/{ApiClients.SeedProcess}")).JsonAsync(HttpStatusCode.OK);
        var disposisi = detail["userTasks"].Objects().First(t => t["id"].Text() == "Task_Disposisi");
        Assert.Equal("PT10M", disposisi["timeStandard"].Text());
        Assert.Equal("catatanDisposisi", disposisi["form"]![0]!["id"].Text());

        // The same file again changes nothing.
        using var again = File(changed, "sop-pengumpulan-data-kinerja.bpmn");
        var unchanged = await (await client.PostAsync("/api/definitions", again)).JsonAsync(HttpStatusCode.OK);
        Assert.False(unchanged["processes"]![0]!["isNewVersion"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ABrokenFile_IsRefusedNamingElementAndLine_AndNothingIsStored()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;
        var broken = SmallProcess(timeStandard: "PT30X");
        var line = broken.Split('\n').ToList().FindIndex(l => l.Contains("<bpmn:userTask", StringComparison.Ordinal)) + 1;

        var validated = await (await client.PostAsync("/api/definitions/validate", Xml(broken))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var refused = await (await client.PostAsync("/api/definitions?fileName=uji.bpmn", Xml(broken))).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        foreach (var problem in new[] { validated, refused })
        {
            var item = Assert.Single(problem["problems"].Objects());
            Assert.Equal("Task_Periksa", item["elementId"].Text());
            Assert.Equal(line, item["line"]!.GetValue<int>());
            Assert.True(item["column"]!.GetValue<int>() > 0);
            Assert.Contains("timeStandard", item["message"].Text(), StringComparison.Ordinal);
        }

        await (await client.GetAsync("/api/definitions/api-test/versions")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Single(await host.Engine.ListDefinitionsAsync());
    }

    [Fact]
    public async Task AFileWithAnExternalEntity_IsRefusedAsXxe_AndNothingIsStored()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;
        var xxe = SmallProcess().Replace(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE foo [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>",
            StringComparison.Ordinal).Replace("name=\"Periksa\"", "name=\"&xxe;\"", StringComparison.Ordinal);

        using var upload = File(xxe, "xxe.bpmn");
        var problem = await (await client.PostAsync("/api/definitions", upload)).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        var item = Assert.Single(problem["problems"].Objects());
        Assert.Contains("DOCTYPE", item["message"].Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("root:", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(await host.Engine.ListDefinitionsAsync());
    }

    [Fact]
    public async Task ValidateOnly_AcceptsAGoodFile_WithoutDeployingIt()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;

        var result = await (await client.PostAsync("/api/definitions/validate", Xml(SmallProcess()))).JsonAsync(HttpStatusCode.OK);

        Assert.True(result["valid"]!.GetValue<bool>());
        Assert.Equal("api-test", result["processes"]![0].Text());
        Assert.Single(await host.Engine.ListDefinitionsAsync());
    }

    [Fact]
    public async Task AFileOverTheSizeLimit_Gets413_AndNothingIsStored()
    {
        await using var host = await KinerjaHost.StartAsync(settings: new Dictionary<string, string?> { ["Kinerja:Uploads:MaxBpmnBytes"] = "500" });
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;

        await (await client.PostAsync("/api/definitions", Xml(SmallProcess()))).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        using var upload = File(SmallProcess(), "besar.bpmn");
        await (await client.PostAsync("/api/definitions", upload)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Single(await host.Engine.ListDefinitionsAsync());
    }

    [Fact]
    public async Task AnUnknownVersion_IsA404Problem()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;

        var problem = await (await client.GetAsync($"/api/definitions/{ApiClients.SeedProcess}/versions/9/xml")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("no version 9", problem["detail"].Text(), StringComparison.Ordinal);
        await (await client.GetAsync("/api/definitions/tidak-ada")).ProblemAsync(HttpStatusCode.NotFound);
    }
}
