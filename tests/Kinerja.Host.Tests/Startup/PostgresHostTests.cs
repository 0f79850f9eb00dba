using System.Net;
using Kinerja.Host.Mail;
using Kinerja.Host.Organization;
using Kinerja.Host.Scheduling;
using Kinerja.Host.Tasks;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Kinerja.Host.Tests.Startup;

/// <summary>The same host on PostgreSQL (engine, host and Hangfire tables in one database), for more than one machine.</summary>
public sealed class PostgresHostTests
{
    private static string Server =>
        Environment.GetEnvironmentVariable("KINERJA_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("The PostgreSQL tests need a server: run ./scripts/test.sh, or set KINERJA_TEST_POSTGRES.");

    [Fact]
    public async Task OnPostgreSql_TheHostMigratesSeedsDeploys_AndAnOfficerCompletesFromTheMailLink()
    {
        var database = "kinerja_host_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(Server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connection = new NpgsqlConnectionStringBuilder(Server) { Database = database }.ToString();
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        await using (var host = await KinerjaHost.StartAsync(smtp, settings: new Dictionary<string, string?>
        {
            ["Kinerja:Database:Provider"] = "PostgreSql",
            ["Kinerja:Database:Connection"] = connection,
            ["Kinerja:Hangfire:Storage"] = "Database",
        }))
        {
            Assert.Contains("sop-pengumpulan-data-kinerja v1 (baru)", host.Startup.Deployed);
            Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s is IdleCheckpointer); // no write-ahead log of SQLite's to copy
            await host.Services.GetRequiredService<SopStarter>().StartAsync("sop-pengumpulan-data-kinerja", "LKjIP-2025", null, "admin");
            await host.RunDueAsync();
            var mail = Assert.Single(smtp.To($"{DemoOrganization.Kabag}@{DemoOrganization.MailDomain}"));
            await using (var before = host.HostDb())
            {
                Assert.Contains(await before.TimerJobs.Select(t => t.Payload).ToListAsync(), payload => payload.Contains("\"Task_Disposisi\"", StringComparison.Ordinal));
            }

            using var browser = host.CreateClient();
            var response = await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(mail), new Dictionary<string, string> { ["catatanDisposisi"] = "ok" });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            await host.RunDueAsync();
            Assert.Single(smtp.To($"{DemoOrganization.Kasubbag}@{DemoOrganization.MailDomain}"));
            await using var db = host.HostDb();
            Assert.Equal(42, await db.Skpds.CountAsync());
            Assert.Equal(2, await db.Mail.CountAsync(m => m.Status == MailStatus.Sent));
            Assert.Equal("completed", (await db.TaskLinks.SingleAsync(l => l.PersonKey == DemoOrganization.Kabag)).RevokedReason);
            // The finished step's timers were cancelled by their keys' prefix (StartsWith on PostgreSQL); the next step's are scheduled.
            var timers = await db.TimerJobs.Select(t => t.Payload).ToListAsync();
            Assert.DoesNotContain(timers, payload => payload.Contains("\"Task_Disposisi\"", StringComparison.Ordinal));
            Assert.NotEmpty(timers);

            await host.RestartAsync();
            Assert.Equal(["sop-pengumpulan-data-kinerja v1"], host.Startup.Deployed);
        }

        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(Server))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
