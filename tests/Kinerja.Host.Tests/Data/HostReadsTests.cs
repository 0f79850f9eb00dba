using Kinerja.Host.Data;
using Kinerja.Host.Organization;
using Kinerja.Host.TaskLinks;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Data;

/// <summary>The task page's plain-SQL reads return what EF Core's model says is stored, field by field.</summary>
public sealed class HostReadsTests : HostWithMailTests
{


    private HostReads Reads => Host.Services.GetRequiredService<HostReads>();

    [Fact]
    public async Task ALink_ReadsAsStored_RevokedOrNot()
    {
        var links = Host.Services.GetRequiredService<TaskLinkService>();
        var (token, link) = links.Create("task-1", DemoOrganization.Kabag);
        var (_, revoked) = links.Create("task-2", DemoOrganization.Kasubbag);
        await using (var db = Host.HostDb())
        {
            db.TaskLinks.AddRange(link, revoked);
            await db.SaveChangesAsync();
        }

        await links.RevokeAsync("task-2", "moved");

        await using var check = Host.HostDb();
        foreach (var stored in await check.TaskLinks.AsNoTracking().Where(l => l.TaskId == "task-1" || l.TaskId == "task-2").ToListAsync())
        {
            var read = await Reads.LinkAsync(stored.TokenHash);
            Assert.NotNull(read);
            Assert.Equivalent(stored, read, strict: true);
        }

        Assert.Null((await Reads.LinkAsync(TaskLinkService.Hash(token + "x"))));
        Assert.Equal(LinkState.Valid, (await links.FindAsync(token)).State);
    }

    [Fact]
    public async Task APerson_AndTheirRoles_ReadAsStored_NullFieldsIncluded()
    {
        await using (var db = Host.HostDb())
        {
            db.People.Add(new Person { Key = "tamu", Name = "Tamu", Email = "tamu@example.org", Culture = "en", Active = false });
            await db.SaveChangesAsync();
        }

        await using var check = Host.HostDb();
        foreach (var key in new[] { DemoOrganization.Kabag, "tamu" })
        {
            var stored = await check.People.AsNoTracking().SingleAsync(p => p.Key == key);
            Assert.Equivalent(stored, await Reads.PersonAsync(key), strict: true);
            var roles = await check.RoleMembers.AsNoTracking().Where(m => m.PersonKey == key).Select(m => m.Group).ToListAsync();
            Assert.Equal(roles.Order(), (await Reads.GroupsOfAsync(key)).Order());
        }

        Assert.NotEmpty(await Reads.GroupsOfAsync(DemoOrganization.Kabag));
        Assert.Empty(await Reads.SkpdNamesAsync([]));
        Assert.Empty(await Reads.GroupsOfAsync("tamu"));
        Assert.Null(await Reads.PersonAsync("nobody"));
    }

    [Fact]
    public async Task SkpdNames_AreReadForTheCodesAsked_UnknownCodesLeftOut()
    {
        await using var db = Host.HostDb();
        var two = await db.Skpds.AsNoTracking().OrderBy(s => s.Code).Take(2).ToListAsync();

        var names = await Reads.SkpdNamesAsync([two[0].Code, two[1].Code, "tidak-ada"]);

        Assert.Equal(two.ToDictionary(s => s.Code, s => s.Name), names);
    }
}
