using System.Net;
using System.Text.Json;
using Kinerja.Host.Organization;
using Kinerja.Host.Security;
using Kinerja.Host.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Startup;

public sealed class FirstStartTests
{
    [Fact]
    public async Task FirstStart_MigratesSeedsDeploys_AndMakesAnAdminWithAGeneratedPasswordStoredHashed()
    {
        await using var host = await KinerjaHost.StartAsync();

        Assert.True(File.Exists(Path.Combine(host.DataFolder, "kinerja.db")));
        Assert.True(File.Exists(Path.Combine(host.DataFolder, "host.db")));
        Assert.Contains("sop-pengumpulan-data-kinerja v1 (baru)", host.Startup.Deployed);
        var password = host.Startup.AdminPassword;
        Assert.NotNull(password);
        Assert.True(password.Length >= 20);

        await using var db = host.HostDb();
        Assert.Equal(42, await db.Skpds.CountAsync());
        Assert.Equal(DemoOrganization.PerangkatDaerah.Count * 2 + 5, await db.People.CountAsync());
        Assert.All(await db.People.Where(p => p.SkpdCode != null && p.Key.StartsWith("operator.")).ToListAsync(), p => Assert.StartsWith("kepala.", p.SupervisorKey));
        var admin = await db.Users.SingleAsync(u => u.UserName == "admin");
        Assert.DoesNotContain(password, admin.PasswordHash!, StringComparison.Ordinal);
        var users = host.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<KinerjaUser>>();
        Assert.True(await users.CheckPasswordAsync(admin, password));
    }

    [Fact]
    public async Task SecondStart_ReusesEverything_MakesNoNewPassword_AndRedeploysNothingUnchanged()
    {
        await using var host = await KinerjaHost.StartAsync();
        var firstPassword = host.Startup.AdminPassword;

        await host.RestartAsync();

        Assert.NotNull(firstPassword);
        Assert.Null(host.Startup.AdminPassword);
        Assert.Equal(["sop-pengumpulan-data-kinerja v1"], host.Startup.Deployed);
        await using var db = host.HostDb();
        Assert.Equal(1, await db.Users.CountAsync());
        Assert.Equal(42, await db.Skpds.CountAsync());
    }

    [Fact]
    public async Task Health_ReportsDatabaseHangfireAndMail()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var client = host.CreateClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("hangfire").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("smtp").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_SaysDegraded_WhenTheSmtpServerIsDown()
    {
        await using var smtp = new TestSmtpServer(); // never started: nothing listens on its port
        await using var host = await KinerjaHost.StartAsync(smtp);
        using var client = host.CreateClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Degraded", json.RootElement.GetProperty("checks").GetProperty("smtp").GetProperty("status").GetString());
    }
}
