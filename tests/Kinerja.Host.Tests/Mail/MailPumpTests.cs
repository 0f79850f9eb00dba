using System.Text.Json.Nodes;
using Kinerja.Host.Data;
using Kinerja.Host.Mail;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Mail;

/// <summary>
/// Where the Hangfire server runs, the pump sends a task's mail as soon as it is recorded: recorded already leased to the
/// pump, it takes one write after its record (sent), not two (leased, sent). Real SMTP server, real <c>host.db</c>.
/// </summary>
public sealed class MailPumpTests
{
    [Fact]
    public async Task ATaskMail_RecordedForThePump_IsSentOnce_WithOneWriteAfterItsRecord()
    {
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        var mailWrites = new DatabaseWrites(sql => sql.Contains("UPDATE \"mail\"", StringComparison.Ordinal));
        await using var host = await KinerjaHost.StartAsync(
            smtp,
            settings: new Dictionary<string, string?> { ["Kinerja:Hangfire:RunServer"] = "true" },
            services: services =>
            {
                var own = services.Last(d => d.ServiceType == typeof(HostDbContextFactory)).ImplementationInstance as HostDbContextFactory
                    ?? throw new InvalidOperationException("The host registers its context factory as an instance.");
                services.AddSingleton(new HostDbContextFactory(own.Settings, mailWrites));
            });

        await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", new Dictionary<string, JsonNode?> { ["skpd"] = new JsonArray("dinkes") }, null, "admin");
        await host.Engine.DispatchPendingAsync(); // the task's mail is recorded, and handed to the pump

        // The pump sends on its own threads: wait for it, bounded (no deadline is measured here).
        var mail = await Poll.UntilAsync(
            async () =>
            {
                await using var db = host.HostDb();
                return await db.Mail.AsNoTracking().ToListAsync();
            },
            done: rows => rows.Count > 0 && rows.All(m => m.Status == MailStatus.Sent),
            limit: TimeSpan.FromSeconds(30),
            interval: TimeSpan.FromMilliseconds(20));

        var sent = Assert.Single(mail);
        Assert.Equal(MailStatus.Sent, sent.Status);
        Assert.Equal(1, sent.Attempts);
        Assert.Null(sent.LeaseUntil);
        Assert.Single(smtp.Received, m => m.MessageId == sent.MessageId);
        Assert.Equal(1, mailWrites.Picked); // the "sent" mark; no lease taken after the record
    }

    [Fact]
    public async Task AHeldMail_IsSentOnlyUnderTheLeaseItWasRecordedWith_AndOnce()
    {
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        await using var host = await KinerjaHost.StartAsync(smtp); // no Hangfire server, no pump: the mail waits in its table
        await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", new Dictionary<string, JsonNode?> { ["skpd"] = new JsonArray("dinkes") }, null, "admin");
        await host.Engine.DispatchPendingAsync();
        var held = host.Clock.GetUtcNow() + TimeSpan.FromMinutes(2);
        string id;
        await using (var db = host.HostDb())
        {
            var mail = await db.Mail.SingleAsync();
            mail.LeaseUntil = held; // as the router records it for a pump
            await db.SaveChangesAsync();
            id = mail.Id;
        }

        var sender = host.Services.GetRequiredService<MailSender>();
        Assert.False(await sender.SendAsync(id, held - TimeSpan.FromSeconds(1), CancellationToken.None)); // another lease: not ours
        Assert.False(await sender.SendAsync(id, CancellationToken.None)); // a worker without the lease waits for it to run out
        Assert.Empty(smtp.Received);

        Assert.True(await sender.SendAsync(id, held, CancellationToken.None));
        Assert.False(await sender.SendAsync(id, held, CancellationToken.None));
        Assert.Single(smtp.Received);
    }
}
