using System.Text.Json.Nodes;
using Kinerja.Host.Mail;
using Kinerja.Host.Organization;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Kinerja.Host.Tests.Mail;

public sealed class MailContentTests
{
    private static Dictionary<string, JsonNode?> Dinkes() => new() { ["skpd"] = new JsonArray("dinkes") };

    [Fact]
    public async Task WithoutSmtp_MailGoesToThePickupFolderAsEml_AndIsRecordedForTheInAppOutbox()
    {
        await using var host = await KinerjaHost.StartAsync();
        await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", Dinkes(), "LKjIP-2025", "admin");
        await host.RunDueAsync();

        await using var db = host.HostDb();
        var mail = await db.Mail.SingleAsync();
        Assert.Equal(MailStatus.Sent, mail.Status);
        Assert.Equal("pickup", mail.SentVia);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(host.DataFolder, "mail"), "*.eml"));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal(mail.MessageId, message.MessageId);
        Assert.Equal($"{DemoOrganization.Kabag}@{DemoOrganization.MailDomain}", message.To.Mailboxes.Single().Address);
        Assert.NotNull(message.HtmlBody);
        Assert.NotNull(message.TextBody);
    }

    [Fact]
    public async Task AnOfficerWhoPrefersEnglish_GetsMailInEnglish_WithTheDeadlineInWita()
    {
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        await using var host = await KinerjaHost.StartAsync(smtp);
        await using (var db = host.HostDb())
        {
            var kabag = await db.People.SingleAsync(p => p.Key == DemoOrganization.Kabag);
            kabag.Culture = "en";
            await db.SaveChangesAsync();
        }

        await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", Dinkes(), "LKjIP-2025", "admin");
        await host.RunDueAsync();

        var mail = Assert.Single(smtp.Received);
        Assert.StartsWith("[New task]", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Monday, 2 March 2026 08:05 WITA", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Required inputs (Kelengkapan)", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Working time left: 5 min", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void RetryDelays_GrowAndAreCapped()
    {
        var max = TimeSpan.FromMinutes(10);
        var delays = Enumerable.Range(1, 12).Select(a => MailSender.RetryDelay(a, max)).ToList();

        Assert.Equal(TimeSpan.FromSeconds(15), delays[0]);
        Assert.Equal(TimeSpan.FromSeconds(30), delays[1]);
        Assert.True(delays.Zip(delays.Skip(1)).All(p => p.Second >= p.First));
        Assert.Equal(max, delays[^1]);
    }
}
