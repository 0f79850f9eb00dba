using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Kinerja.Engine.Storage;
using Kinerja.Host.Security;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Tests.Api;

public sealed class ApiAuthenticationTests
{
    [Fact]
    public async Task Unauthenticated_GetsA401ProblemJson_NotARedirectToTheSignInPage()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var client = host.CreateClient();

        var list = await client.GetAsync("/api/definitions");
        var start = await client.PostAsJsonAsync("/api/instances", new { processKey = ApiClients.SeedProcess });

        var problem = await list.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Authentication required", problem["title"].Text());
        Assert.Contains("ApiKey", list.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await start.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0, (await host.Engine.QueryInstancesAsync(new InstanceQuery())).Total);
    }

    [Fact]
    public async Task ApiKey_MadeByAnAdmin_Works_IsStoredOnlyAsItsHash_AndOnceRevokedGets401()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await ApiClients.AdminAsync(host);
        var (client, key, id) = await ApiClients.KeyClientAsync(host, "sipd-sync");
        using var _ = client;

        Assert.StartsWith("kwf_", key, StringComparison.Ordinal);
        Assert.Equal(32, Base64UrlLength(key["kwf_".Length..]));
        var definitions = await (await client.GetAsync("/api/definitions")).ArrayAsync();
        Assert.Contains(definitions.Objects(), d => d["processKey"].Text() == ApiClients.SeedProcess);

        await using (var db = host.HostDb())
        {
            var stored = await db.ApiKeys.SingleAsync();
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), stored.KeyHash);
            Assert.Equal(key[..8], stored.Prefix);
            Assert.Equal("admin", stored.CreatedBy);
            Assert.DoesNotContain(key, stored.KeyHash, StringComparison.Ordinal);
        }

        var listed = await (await admin.GetAsync("/api/keys")).ArrayAsync();
        var entry = Assert.Single(listed.Objects());
        Assert.False(entry.ContainsKey("key"));
        Assert.Equal(key[..8], entry["prefix"].Text());

        // Keys are for systems; making more of them is for a signed-in admin only.
        await (await client.PostAsJsonAsync("/api/keys", new { name = "another" })).ProblemAsync(HttpStatusCode.Forbidden);

        var revoked = await (await admin.DeleteAsync($"/api/keys/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.NotNull(revoked["revokedAt"]);
        var refused = await (await client.GetAsync("/api/definitions")).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", refused["detail"].Text(), StringComparison.Ordinal);

        using var guesser = host.CreateClient();
        guesser.DefaultRequestHeaders.Add(ApiAuthentication.HeaderName, "kwf_" + new string('A', 43));
        await (await guesser.GetAsync("/api/definitions")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task CookieAuthenticatedPost_WithoutTheAntiforgeryHeader_IsRefused_AndChangesNothing()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var bare = await ApiClients.AdminAsync(host, withAntiforgeryHeader: false);
        using var withHeader = await ApiClients.AdminAsync(host);
        var start = new { processKey = ApiClients.SeedProcess, businessKey = "CSRF-1" };

        var refused = await (await bare.PostAsJsonAsync("/api/instances", start)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Antiforgery", refused["title"].Text(), StringComparison.Ordinal);
        Assert.Equal(0, (await host.Engine.QueryInstancesAsync(new InstanceQuery())).Total);
        await (await bare.GetAsync("/api/definitions")).ArrayAsync(); // reading needs no token

        await (await withHeader.PostAsJsonAsync("/api/instances", start)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, (await host.Engine.QueryInstancesAsync(new InstanceQuery())).Total);
    }

    [Fact]
    public async Task SignedInOfficer_SeesOnlyTheirOwnTasks_AndMayActOnlyOnThose()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (system, _, _) = await ApiClients.KeyClientAsync(host);
        using var __ = system;
        await (await system.PostAsJsonAsync("/api/instances", new { processKey = ApiClients.SeedProcess, businessKey = "LKJIP-2025" })).JsonAsync(HttpStatusCode.Created);
        using var kabag = await ApiClients.OfficerAsync(host, "kabag.organisasi");
        using var kasubbag = await ApiClients.OfficerAsync(host, "kasubbag.kinerja");

        var inbox = await (await kabag.GetAsync("/api/tasks")).JsonAsync(HttpStatusCode.OK);
        var task = Assert.Single(inbox["items"].Objects());
        Assert.Equal("Task_Disposisi", task["elementId"].Text());
        var taskId = task["id"].Text();
        Assert.Equal(0, (await (await kasubbag.GetAsync("/api/tasks")).JsonAsync(HttpStatusCode.OK))["total"]!.GetValue<int>());

        await (await kasubbag.GetAsync("/api/tasks?personKey=kabag.organisasi")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await kasubbag.GetAsync($"/api/tasks/{taskId}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await kasubbag.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { formData = new { catatanDisposisi = "bukan tugas saya" } }))
            .ProblemAsync(HttpStatusCode.Forbidden);
        await (await kabag.GetAsync("/api/definitions")).ProblemAsync(HttpStatusCode.Forbidden);

        var done = await (await kabag.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { formData = new { catatanDisposisi = "Segera kumpulkan" } }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("kabag.organisasi", done["task"]!["completedBy"].Text());
        var next = Assert.Single((await (await kasubbag.GetAsync("/api/tasks")).JsonAsync(HttpStatusCode.OK))["items"].Objects());
        Assert.Equal("Task_Distribusi", next["elementId"].Text());
    }

    private static int Base64UrlLength(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4)).Length;
}
