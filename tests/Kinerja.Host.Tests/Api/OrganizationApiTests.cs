using System.Net;
using System.Net.Http.Json;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Tests.Api;

public sealed class OrganizationApiTests
{
    [Fact]
    public async Task AnAbsence_WithAnUnknownSubstitute_IsRefusedNamingTheField_AndAValidOneIsKeptUntilDeleted()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host, "simpeg");
        using var _ = client;

        var refused = await (await client.PostAsJsonAsync("/api/absences", new
        {
            personKey = "kabag.organisasi",
            substituteKey = "tidak.ada",
            from = "2026-03-02",
            to = "2026-03-06",
            kind = "Plh",
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["substituteKey"], refused["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains("tidak.ada", refused["errors"]!["substituteKey"]![0].Text(), StringComparison.Ordinal);
        var backwards = await (await client.PostAsJsonAsync("/api/absences", new
        {
            personKey = "kabag.organisasi",
            substituteKey = "kasubbag.kinerja",
            from = "2026-03-06",
            to = "2026-03-02",
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(backwards["errors"]!.AsObject().ContainsKey("to"));
        await using (var db = host.HostDb())
        {
            Assert.Equal(0, await db.Absences.CountAsync());
        }

        var created = await (await client.PostAsJsonAsync("/api/absences", new
        {
            personKey = "kabag.organisasi",
            substituteKey = "kasubbag.kinerja",
            from = "2026-03-02",
            to = "2026-03-06",
            kind = "plt",
            reason = "Diklat",
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Plt", created["kind"].Text());
        Assert.Equal("simpeg", created["createdBy"].Text());
        var today = await (await client.GetAsync("/api/absences?on=2026-03-02&substituteKey=kasubbag.kinerja")).ArrayAsync();
        Assert.Equal(created["id"]!.GetValue<long>(), Assert.Single(today.Objects())["id"]!.GetValue<long>());
        Assert.Empty(await (await client.GetAsync("/api/absences?on=2026-03-09")).ArrayAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/absences/{created["id"]}")).StatusCode);
        Assert.Empty(await (await client.GetAsync("/api/absences")).ArrayAsync());
    }

    [Fact]
    public async Task People_AreCreatedAndUpdated_WithTheirAtasanAndLanguage_AndBadReferencesAreNamed()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;
        var person = new
        {
            key = "analis.kinerja",
            name = "Analis Kinerja (uji)",
            email = "analis.kinerja@buleleng.example",
            position = "Analis Kinerja",
            supervisorKey = "kasubbag.kinerja",
            skpdCode = (string?)null,
            culture = "en",
        };

        var unknownBoss = await (await client.PostAsJsonAsync("/api/people", person with { supervisorKey = "tidak.ada" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(unknownBoss["errors"]!.AsObject().ContainsKey("supervisorKey"));
        var unknownSkpd = await (await client.PostAsJsonAsync("/api/people", person with { skpdCode = "dinas-bulan" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(unknownSkpd["errors"]!.AsObject().ContainsKey("skpdCode"));
        var badCulture = await (await client.PostAsJsonAsync("/api/people", person with { culture = "fr" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(badCulture["errors"]!.AsObject().ContainsKey("culture"));

        var created = await (await client.PostAsJsonAsync("/api/people", person)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("kasubbag.kinerja", created["supervisorKey"].Text());
        Assert.Equal("en", created["culture"].Text());
        await (await client.PostAsJsonAsync("/api/people", person)).ProblemAsync(HttpStatusCode.Conflict);

        // The Kabag reporting to the new analyst would close a circle (analyst → kasubbag → kabag → analyst).
        var kabag = await (await client.GetAsync("/api/people/kabag.organisasi")).JsonAsync(HttpStatusCode.OK);
        kabag["supervisorKey"] = "analis.kinerja";
        var circle = await (await client.PutAsJsonAsync("/api/people/kabag.organisasi", kabag)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(circle["errors"]!.AsObject().ContainsKey("supervisorKey"));

        var updated = await (await client.PutAsJsonAsync("/api/people/analis.kinerja", person with { supervisorKey = "kabag.organisasi", culture = "id" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("kabag.organisasi", updated["supervisorKey"].Text());
        Assert.Equal("id", updated["culture"].Text());

        await (await client.PutAsync("/api/roles/pengelola-data/members/analis.kinerja", null)).JsonAsync(HttpStatusCode.OK);
        var withRole = await (await client.GetAsync("/api/people/analis.kinerja")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["pengelola-data"], withRole["groups"]!.AsArray().Select(g => g.Text()));
        var members = await (await client.GetAsync("/api/people?group=pengelola-data")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["analis.kinerja", "pengelola.data", "pengelola.data2"], members["items"].Objects().Select(p => p["key"].Text()));
        await (await client.PutAsync("/api/roles/pengelola-data/members/tidak.ada", null)).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnSkpd_IsAddedWithItsOperatorsRole()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;

        var skpd = await (await client.PutAsJsonAsync("/api/skpds/brida", new { name = "Badan Riset dan Inovasi Daerah" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("skpd:brida", skpd["group"].Text());
        Assert.Equal(43, (await (await client.GetAsync("/api/skpds")).ArrayAsync()).Count);
        var role = await (await client.GetAsync("/api/roles/skpd:brida")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Operator Badan Riset dan Inovasi Daerah", role["name"].Text());
    }
}
