using System.Net;
using System.Text.RegularExpressions;
using Kinerja.Host.Mail;
using Kinerja.Host.Organization;
using Kinerja.Host.Pages.Admin;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Tests.Admin;

public sealed partial class MailOutboxTests
{
    [Fact]
    public async Task TheOutbox_ListsTheMailOfANewInstance_AndItsPageShowsSubjectTextAndSandboxedHtml()
    {
        await using var host = await KinerjaHost.StartAsync();
        await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", businessKey: "TW1-2026");
        await host.RunDueAsync();
        MailMessage mail;
        await using (var db = host.HostDb())
        {
            mail = await db.Mail.SingleAsync(m => m.PersonKey == DemoOrganization.Kabag);
        }

        using var admin = await Browser.SignInAsAdminAsync(host);
        var list = await admin.PageAsync("/admin/surat");

        Assert.Contains($"data-mail=\"{mail.Id}\" data-status=\"Sent\"", list, StringComparison.Ordinal);
        Assert.Contains(mail.Subject, list, StringComparison.Ordinal);
        Assert.Contains(mail.ToAddress, list, StringComparison.Ordinal);
        Assert.Contains("task-created", list, StringComparison.Ordinal);

        var response = await admin.GetAsync(SuratModel.DetailLink(mail.Id));
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(raw);
        Assert.Contains($"<h1 data-field=\"subject\">{mail.Subject}</h1>", page, StringComparison.Ordinal);
        Assert.Contains(mail.TextBody.Trim().Split('\n')[0], page, StringComparison.Ordinal);
        Assert.Contains("<iframe sandbox=\"\" srcdoc=\"", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(mail.HtmlBody, raw, StringComparison.Ordinal);
        Assert.Equal(mail.HtmlBody, WebUtility.HtmlDecode(SrcDoc().Match(raw).Groups[1].Value));
        Assert.DoesNotContain("Kirim ulang sekarang", page, StringComparison.Ordinal); // sent already
    }

    [Fact]
    public async Task MailHtml_NeverRunsInTheAdminPage()
    {
        await using var host = await KinerjaHost.StartAsync();
        await using (var db = host.HostDb())
        {
            db.Mail.Add(new MailMessage
            {
                Id = "tes/berbahaya",
                MessageId = "x@kinerja-workflows",
                Kind = "task-created",
                ToAddress = "a@buleleng.example",
                ToName = "<b>Nama</b>",
                Subject = "<script>alert('subjek')</script>",
                HtmlBody = "<p>Halo</p><script>alert('isi')</script>\"><img src=x onerror=alert(1)>",
                TextBody = "<script>alert('teks')</script>",
                CreatedAt = host.Clock.GetUtcNow(),
                NextAttemptAt = host.Clock.GetUtcNow().AddHours(1),
            });
            await db.SaveChangesAsync();
        }

        using var admin = await Browser.SignInAsAdminAsync(host);
        var raw = await (await admin.GetAsync("/admin/surat/tes/berbahaya")).Content.ReadAsStringAsync();
        var list = await (await admin.GetAsync("/admin/surat")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>alert", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Nama</b>", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", list, StringComparison.Ordinal);
        Assert.Contains("<iframe sandbox=\"\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KirimUlang_SendsAPendingMailNow_OnceTheServerIsBack()
    {
        await using var smtp = new TestSmtpServer(); // not listening yet: the first attempt fails
        await using var host = await KinerjaHost.StartAsync(smtp);
        await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", businessKey: "TW1-2026");
        await host.RunDueAsync();
        MailMessage mail;
        await using (var db = host.HostDb())
        {
            mail = await db.Mail.SingleAsync(m => m.PersonKey == DemoOrganization.Kabag);
        }

        Assert.Equal(MailStatus.Pending, mail.Status);
        Assert.NotNull(mail.LastError);
        Assert.True(mail.NextAttemptAt > host.Clock.GetUtcNow());
        using var admin = await Browser.SignInAsAdminAsync(host);
        var detail = SuratModel.DetailLink(mail.Id);
        var pending = await admin.PageAsync(detail);
        Assert.Contains("Kirim ulang sekarang", pending, StringComparison.Ordinal);
        Assert.Contains(mail.LastError, pending, StringComparison.Ordinal);
        Assert.Contains("(1 gagal dikirim, dicoba lagi)", await admin.PageAsync("/admin"), StringComparison.Ordinal);

        var stillDown = await admin.PostFormAsync(detail, [], detail + "?handler=Resend");

        Assert.Equal(HttpStatusCode.Redirect, stillDown.StatusCode);
        Assert.Contains("Surel belum terkirim", await admin.PageAsync(detail), StringComparison.Ordinal);

        await smtp.StartAsync();
        var resent = await admin.PostFormAsync(detail, [], detail + "?handler=Resend");

        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.Contains("Surel terkirim (melalui smtp).", await admin.PageAsync(detail), StringComparison.Ordinal);
        Assert.Single(smtp.To(mail.ToAddress));
        await using (var db = host.HostDb())
        {
            var sent = await db.Mail.SingleAsync(m => m.Id == mail.Id);
            Assert.Equal(MailStatus.Sent, sent.Status);
            Assert.Equal("smtp", sent.SentVia);
            Assert.Equal(3, sent.Attempts);
        }

        // The button pressed once more from a page opened before (the page has no button now).
        var again = await admin.PostFormAsync("/admin/ketidakhadiran", [], detail + "?handler=Resend");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("Surel ini sudah terkirim.", await admin.PageAsync(detail), StringComparison.Ordinal);
        Assert.Single(smtp.To(mail.ToAddress));
    }

    [GeneratedRegex("srcdoc=\"([^\"]*)\"")]
    private static partial Regex SrcDoc();
}
