using System.Net;
using System.Text;
using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Api;

public sealed class ProblemDetailsTests
{
    [Fact]
    public async Task WhatCannotBeRead_IsAProblemToo_NeverAnHtmlPage()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;

        var malformed = await (await client.PostAsync("/api/instances", new StringContent("{\"processKey\":", Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var wrongType = await (await client.PostAsync("/api/instances", new StringContent("{\"processKey\": 5}", Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var badQuery = await (await client.GetAsync("/api/instances?take=semua")).ProblemAsync(HttpStatusCode.BadRequest);
        var tooMany = await (await client.GetAsync("/api/instances?take=5000")).ProblemAsync(HttpStatusCode.BadRequest);
        var nowhere = await (await client.GetAsync("/api/tidak-ada")).ProblemAsync(HttpStatusCode.NotFound);
        var plainText = await (await client.PostAsync("/api/tasks/x/complete", new StringContent("selesai"))).ProblemAsync(HttpStatusCode.UnsupportedMediaType);

        foreach (var problem in new[] { malformed, wrongType, badQuery, nowhere, plainText })
        {
            Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        }

        Assert.True(tooMany["errors"]!.AsObject().ContainsKey("take"));
        Assert.Equal(0, (await host.Engine.QueryInstancesAsync(new Kinerja.Engine.Storage.InstanceQuery())).Total);
    }

    [Fact]
    public async Task ASignedInAdmin_DeploysAFileFromTheBrowser()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await ApiClients.AdminAsync(host);
        using var file = new ByteArrayContent(Encoding.UTF8.GetBytes(DefinitionsApiTests.SmallProcess()));
        using var upload = new MultipartFormDataContent { { file, "file", "uji.bpmn" } };

        var deployed = await (await admin.PostAsync("/api/definitions", upload)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("api-test", deployed["processes"]![0]!["processKey"]!.GetValue<string>());
        var version = Assert.Single(await host.Engine.ListDefinitionsAsync("api-test"));
        Assert.Equal("admin", version.DeployedBy);
        Assert.Equal("uji.bpmn", version.SourceName);
    }
}
