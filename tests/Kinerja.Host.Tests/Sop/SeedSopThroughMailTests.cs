using System.Net;
using System.Text.Json.Nodes;
using Kinerja.Engine.Execution;
using Kinerja.Host.Organization;
using Kinerja.Host.Tests.Support;
using MimeKit;

namespace Kinerja.Host.Tests.Sop;

/// <summary>
/// The whole seed SOP on the real host: every officer acts only from the link in their mail, 42 SKPDs report,
/// two are late and get reminded, then their heads (atasan) get escalations, daily while overdue.
/// </summary>
public sealed class SeedSopThroughMailTests : HostWithMailTests
{
    private const string ProcessKey = "sop-pengumpulan-data-kinerja";
    private static readonly TimeSpan Wita = TimeSpan.FromHours(8);

    // All 89 officers browse from this one test client, so one address: lift the per-address link limit.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Kinerja:Links:PermitsPerMinute"] = "100000" };

    private static string Address(string personKey) => $"{personKey}@{DemoOrganization.MailDomain}";

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Wita);

    private MimeMessage SingleMailTo(string personKey, string subjectPart)
    {
        var mails = Smtp.To(Address(personKey)).Where(m => (m.Subject ?? string.Empty).Contains(subjectPart, StringComparison.Ordinal)).ToList();
        Assert.True(mails.Count == 1, $"{personKey} got {mails.Count} mails with '{subjectPart}': {string.Join(" | ", Smtp.To(Address(personKey)).Select(m => m.Subject))}");
        return mails[0];
    }

    [Fact]
    public async Task TheSeedSop_RunsFromMailLinks_With42Skpds_RemindersEscalationsAndEveryMailOnce()
    {
        var skpd = DemoOrganization.PerangkatDaerah.Select(p => (JsonNode?)p.Code).ToArray();
        var instance = await Host.Engine.StartAsync(ProcessKey, new Dictionary<string, JsonNode?> { ["skpd"] = new JsonArray(skpd) }, "LKjIP-2025", "admin");
        await Host.RunDueAsync();
        using var browser = Host.CreateClient();

        // Step 1: the Kabag gets a task mail with what is needed, the deadline in WITA and a link; completes from it.
        var disposisi = SingleMailTo(DemoOrganization.Kabag, "[Tugas baru]");
        Assert.Contains("Kelengkapan", disposisi.TextBody, StringComparison.Ordinal);
        Assert.Contains("Senin, 2 Maret 2026 08.05 WITA", disposisi.TextBody, StringComparison.Ordinal);
        Assert.Contains("SOP Pengumpulan Data Kinerja Kabupaten Buleleng", disposisi.HtmlBody, StringComparison.Ordinal);
        var page = await TaskPage.OpenAsync(browser, TaskPage.LinkIn(disposisi));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Catatan disposisi", page.Html, StringComparison.Ordinal);
        var done = await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(disposisi), new Dictionary<string, string> { ["catatanDisposisi"] = "Segera kumpulkan data kinerja 2025." });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        // Step 2: the Kasubbag sets the SKPDs' deadline (Friday 13 March).
        await Host.AdvanceAsync(TimeSpan.FromMinutes(3));
        var distribusi = SingleMailTo(DemoOrganization.Kasubbag, "[Tugas baru]");
        done = await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(distribusi), new Dictionary<string, string>
        {
            ["batasWaktuSkpd"] = "2026-03-13",
            ["instruksi"] = "Sampaikan PK dan capaian indikator.",
        });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        // Step 3: every SKPD operator gets their own mail and link; 40 of 42 report in time.
        await Host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var codes = DemoOrganization.PerangkatDaerah.Select(p => p.Code).ToList();
        var operatorMails = codes.ToDictionary(c => c, c => SingleMailTo(DemoOrganization.OperatorKey(c), "[Tugas baru]"));
        Assert.Contains("Jumat, 13 Maret 2026 14.00 WITA", operatorMails["dinkes"].TextBody, StringComparison.Ordinal);
        Assert.Equal("[Tugas baru] Menyajikan data kinerja SKPD — Dinas Kesehatan", operatorMails["dinkes"].Subject);
        // A form that is not valid comes back with its error, on the page that still names the SKPD; nothing is completed.
        var invalid = await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(operatorMails["dlh"]), new Dictionary<string, string>
        {
            ["capaianKinerja"] = "Capaian dlh",
            ["jumlahIndikator"] = "dua belas",
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var invalidPage = WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync());
        Assert.Contains("data-field=\"jumlahIndikator\"", invalidPage, StringComparison.Ordinal);
        Assert.Contains("Menyajikan data kinerja SKPD — Dinas Lingkungan Hidup</h1>", invalidPage, StringComparison.Ordinal);

        var late = new[] { "dinkes", "kec-tejakula" };
        foreach (var code in codes.Except(late))
        {
            var response = await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(operatorMails[code]), new Dictionary<string, string>
            {
                ["capaianKinerja"] = $"Capaian {code}",
                ["jumlahIndikator"] = "12",
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        // 80 % of the working time up to Friday 14:00 has passed by Thursday afternoon: reminders to the two late ones only.
        await Host.AdvanceToAsync(At(3, 12, 15));
        foreach (var code in late)
        {
            var reminder = SingleMailTo(DemoOrganization.OperatorKey(code), "[Pengingat]");
            Assert.Contains("Sisa waktu kerja", reminder.TextBody, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Smtp.To(Address(DemoOrganization.OperatorKey("dlh"))), m => (m.Subject ?? string.Empty).StartsWith("[Pengingat]", StringComparison.Ordinal));

        // At the deadline: "due now" to the operators; just after it, the escalation to each one's atasan (the SKPD head).
        await Host.AdvanceToAsync(At(3, 13, 14, 1));
        foreach (var code in late)
        {
            SingleMailTo(DemoOrganization.OperatorKey(code), "[Batas waktu sekarang]");
            var escalation = SingleMailTo(DemoOrganization.HeadKey(code), "[Eskalasi]");
            Assert.Contains(DemoOrganization.PerangkatDaerah.Single(p => p.Code == code).Name, escalation.TextBody, StringComparison.Ordinal);
            Assert.Contains($"masih berada pada Operator {DemoOrganization.PerangkatDaerah.Single(p => p.Code == code).Name}", escalation.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("/tugas/", escalation.TextBody, StringComparison.Ordinal); // the atasan is told, not given the operator's link
        }

        Assert.Empty(Smtp.To(Address(DemoOrganization.HeadKey("dlh"))));

        // Still overdue a working day later: the escalation repeats, once.
        await Host.AdvanceToAsync(At(3, 17, 8)); // one working day after Friday 14.00 is Monday 16.00
        foreach (var code in late)
        {
            Assert.Equal(2, Smtp.To(Address(DemoOrganization.HeadKey(code))).Count(m => (m.Subject ?? string.Empty).StartsWith("[Eskalasi]", StringComparison.Ordinal)));
        }

        // Their first links have expired by now (14 days); the newest mail carries a fresh one.
        foreach (var code in late)
        {
            var (status, _) = await TaskPage.OpenAsync(browser, TaskPage.LinkIn(operatorMails[code]));
            Assert.Equal(HttpStatusCode.Gone, status);
            var dueNow = SingleMailTo(DemoOrganization.OperatorKey(code), "[Batas waktu sekarang]");
            var response = await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(dueNow), new Dictionary<string, string> { ["capaianKinerja"] = "Terlambat" });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        // Step 4 and 5: both Pengelola Data are offered the compilation; one does it, then the archive.
        await Host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var kompilasi = SingleMailTo(DemoOrganization.PengelolaData, "[Tugas baru] Mengkompulir");
        SingleMailTo(DemoOrganization.PengelolaDataDua, "[Tugas baru] Mengkompulir");
        done = await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(kompilasi), new Dictionary<string, string> { ["dokumenLkjip"] = "LKjIP/2025/01" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        await Host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var dokumentasi = SingleMailTo(DemoOrganization.PengelolaDataDua, "[Tugas baru] Mendokumentasikan");
        done = await TaskPage.CompleteAsync(browser, TaskPage.LinkIn(dokumentasi), new Dictionary<string, string> { ["lokasiArsip"] = "Lemari arsip 3" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        await Host.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(InstanceStatus.Completed, (await Host.Engine.GetInstanceAsync(instance.Id)).Status);

        // Every mail exactly once: no two messages share a Message-Id; nothing left pending.
        var received = Smtp.Received;
        Assert.Equal(received.Count, received.Select(m => m.MessageId).Distinct().Count());
        await using var db = Host.HostDb();
        Assert.Equal(received.Count, db.Mail.Count());
        Assert.All(db.Mail.ToList(), m => Assert.Equal(Kinerja.Host.Mail.MailStatus.Sent, m.Status));
    }
}
