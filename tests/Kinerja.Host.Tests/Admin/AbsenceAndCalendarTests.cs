using System.Net;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Storage;
using Kinerja.Host.Calendar;
using Kinerja.Host.Organization;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Admin;

public sealed class AbsenceAndCalendarTests
{
    private static List<KeyValuePair<string, string>> Absence(string person, string substitute, string from = "2026-03-02", string to = "2026-03-06", string kind = "Plh") =>
    [
        new("Input.PersonKey", person), new("Input.SubstituteKey", substitute), new("Input.From", from), new("Input.To", to),
        new("Input.Kind", kind), new("Input.Reason", "Cuti tahunan"),
    ];

    [Fact]
    public async Task AnAbsence_WhoseSubstituteIsThePersonThemselves_IsRefused_AndNothingIsStored()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);

        var response = await admin.PostFormAsync("/admin/ketidakhadiran", Absence(DemoOrganization.Kabag, DemoOrganization.Kabag));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Plh/Plt (pengganti) tidak boleh sama dengan pegawai yang tidak hadir.", await Browser.TextAsync(response), StringComparison.Ordinal);
        await using var db = host.HostDb();
        Assert.Equal(0, await db.Absences.CountAsync());
    }

    [Fact]
    public async Task AnAbsence_IsChecked_ForUnknownPeople_DatesOutOfOrder_AndOverlaps()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);

        var unknown = await Browser.TextAsync(await admin.PostFormAsync("/admin/ketidakhadiran", Absence("tidak.ada", DemoOrganization.Kasubbag)));
        var backwards = await Browser.TextAsync(await admin.PostFormAsync("/admin/ketidakhadiran", Absence(DemoOrganization.Kabag, DemoOrganization.Kasubbag, "2026-03-06", "2026-03-02")));
        var notADate = await Browser.TextAsync(await admin.PostFormAsync("/admin/ketidakhadiran", Absence(DemoOrganization.Kabag, DemoOrganization.Kasubbag, "6 Maret")));
        var badKind = await Browser.TextAsync(await admin.PostFormAsync("/admin/ketidakhadiran", Absence(DemoOrganization.Kabag, DemoOrganization.Kasubbag, kind: "Bupati")));

        Assert.Contains("Pegawai yang tidak hadir: pegawai 'tidak.ada' tidak ada.", unknown, StringComparison.Ordinal);
        Assert.Contains("Sampai tanggal tidak boleh sebelum tanggal mulai (2026-03-06).", backwards, StringComparison.Ordinal);
        Assert.Contains("Dari tanggal: '6 Maret' bukan tanggal", notADate, StringComparison.Ordinal);
        Assert.Contains("Jenis harus Plh atau Plt.", badKind, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/ketidakhadiran", Absence(DemoOrganization.Kabag, DemoOrganization.Kasubbag))).StatusCode);
        var overlap = await admin.PostFormAsync("/admin/ketidakhadiran", Absence(DemoOrganization.Kabag, DemoOrganization.PengelolaData, "2026-03-05", "2026-03-10"));

        Assert.Equal(HttpStatusCode.BadRequest, overlap.StatusCode);
        Assert.Contains("sudah tercatat tidak hadir 2026-03-02 s.d. 2026-03-06", await Browser.TextAsync(overlap), StringComparison.Ordinal);
        await using var db = host.HostDb();
        Assert.Equal(1, await db.Absences.CountAsync());
    }

    [Fact]
    public async Task AnAbsence_IsCreated_Listed_InForceForTheDirectory_AndDeleted()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);

        var created = await admin.PostFormAsync("/admin/ketidakhadiran", Absence(DemoOrganization.Kabag, DemoOrganization.Kasubbag, kind: "Plt"));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = await admin.PageAsync("/admin/ketidakhadiran");
        Assert.Contains("Ketidakhadiran 'kabag.organisasi' dicatat; Plh/Plt: 'kasubbag.kinerja'.", list, StringComparison.Ordinal);
        Assert.Contains("Kepala Bagian Organisasi (demo) <span class=\"muted\">(kabag.organisasi)</span>", list, StringComparison.Ordinal);
        Assert.Contains("<td>Plt</td>", list, StringComparison.Ordinal);
        Assert.Contains("<td>2026-03-02</td>", list, StringComparison.Ordinal);
        var standing = await host.Services.GetRequiredService<OrganizationDirectory>().StandingInForAsync(DemoOrganization.Kasubbag);
        var absence = Assert.Single(standing);
        Assert.Equal(SubstituteKind.Plt, absence.Kind);
        Assert.Equal("admin", absence.CreatedBy);

        var deleted = await admin.PostFormAsync("/admin/ketidakhadiran", [], $"/admin/ketidakhadiran?handler=Delete&id={absence.Id}");

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Contains("data-empty", await admin.PageAsync("/admin/ketidakhadiran"), StringComparison.Ordinal);
        Assert.Empty(await host.Services.GetRequiredService<OrganizationDirectory>().StandingInForAsync(DemoOrganization.Kasubbag));
    }

    [Fact]
    public async Task TheCalendarPage_ShowsTheWeeklyHoursAndTheDaysOffOfTheYear()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);

        var html = await admin.PageAsync("/admin/kalender");

        Assert.Contains("Asia/Makassar", html, StringComparison.Ordinal);
        Assert.Contains("Perbup Buleleng 56/2025", html, StringComparison.Ordinal);
        Assert.Contains("07:30–12:00, 12:45–16:00", html, StringComparison.Ordinal);
        Assert.Contains("Hari Suci Nyepi (Tahun Baru Saka 1948)", html, StringComparison.Ordinal);
        Assert.Contains("data-day-off=\"2026-03-19\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-day-off=\"2027-", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidCalendarJson_IsRefused_NamingWhatIsWrong_AndTheCalendarStaysAsItWas()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var admin = await Browser.SignInAsAdminAsync(host);
        var calendars = host.Services.GetRequiredService<HostCalendars>();
        var before = calendars.Default.Data;
        string stored;
        await using (var db = host.HostDb())
        {
            stored = (await db.Calendars.SingleAsync()).Json;
        }

        var badZone = before.ToJson().Replace("Asia/Makassar", "Mars/Olympus", StringComparison.Ordinal);
        var zone = await admin.PostFormAsync("/admin/kalender", [new("Json", badZone)], "/admin/kalender?handler=Json&nama=buleleng");
        var malformed = await admin.PostFormAsync("/admin/kalender", [new("Json", "{ \"name\": \"buleleng\", \"schedules\": [ ")], "/admin/kalender?handler=Json&nama=buleleng");
        var twice = await admin.PostFormAsync("/admin/kalender", [new("Json", before.ToJson().Replace("\"2026-03-18\"", "\"2026-03-19\"", StringComparison.Ordinal))], "/admin/kalender?handler=Json&nama=buleleng");

        Assert.Equal(HttpStatusCode.BadRequest, zone.StatusCode);
        var zoneText = await Browser.TextAsync(zone);
        Assert.Contains("Kalender tidak disimpan: 1 masalah ditemukan.", zoneText, StringComparison.Ordinal);
        Assert.Contains("timeZoneId: 'Mars/Olympus' is not a known time zone", zoneText, StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus", zoneText[zoneText.IndexOf("<textarea", StringComparison.Ordinal)..], StringComparison.Ordinal); // the admin's text stays to be fixed
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("the JSON is malformed", await Browser.TextAsync(malformed), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("the date is already listed as daysOff[", await Browser.TextAsync(twice), StringComparison.Ordinal);
        Assert.Equal(before, calendars.Default.Data);
        await using (var db = host.HostDb())
        {
            Assert.Equal(stored, (await db.Calendars.SingleAsync()).Json);
        }
    }

    [Fact]
    public async Task ADayOffAdded_OnThePage_IsInTheCalendar_AndANewTasksDeadlineSkipsIt_ThenItCanBeRemoved()
    {
        await using var host = await KinerjaHost.StartAsync(); // Monday 2 March 2026, 08:00 WITA
        using var admin = await Browser.SignInAsAdminAsync(host);
        var calendars = host.Services.GetRequiredService<HostCalendars>();
        var monday = new DateOnly(2026, 3, 2);

        var refused = await admin.PostFormAsync("/admin/kalender", [new("DayOffDate", "2026-03-19"), new("DayOffName", "Lagi"), new("DayOffKind", "Extra")], "/admin/kalender?handler=AddDayOff&nama=buleleng");
        var added = await admin.PostFormAsync(
            "/admin/kalender",
            [new("DayOffDate", "2026-03-02"), new("DayOffName", "Hari Jadi Kota Singaraja (tes)"), new("DayOffKind", "RegionalDispensation")],
            "/admin/kalender?handler=AddDayOff&nama=buleleng");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Tanggal: tanggal itu sudah tercatat sebagai hari libur ('Hari Suci Nyepi (Tahun Baru Saka 1948)').", await Browser.TextAsync(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(new DayOff(monday, "Hari Jadi Kota Singaraja (tes)", DayOffKind.RegionalDispensation), calendars.Default.GetDayOff(monday));
        Assert.False(calendars.Default.IsWorkingDay(monday));
        await using (var db = host.HostDb())
        {
            Assert.Contains("Hari Jadi Kota Singaraja (tes)", (await db.Calendars.SingleAsync()).Json, StringComparison.Ordinal);
            Assert.Equal("admin", (await db.Calendars.SingleAsync()).UpdatedBy);
        }

        Assert.Contains("data-day-off=\"2026-03-02\"", await admin.PageAsync("/admin/kalender"), StringComparison.Ordinal);

        // Disposisi has a time standard of 5 working minutes: with Monday off it is due Tuesday 07:35, not Monday 08:05.
        var instance = await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", businessKey: "hari-libur");
        var task = Assert.Single((await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 7, 35, 0, TimeSpan.FromHours(8)), task.DueAt);

        var removed = await admin.PostFormAsync("/admin/kalender", [new("DayOffDate", "2026-03-02")], "/admin/kalender?handler=RemoveDayOff&nama=buleleng");

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.True(calendars.Default.IsWorkingDay(monday));
        var next = await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", businessKey: "hari-kerja");
        var nextTask = Assert.Single((await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = next.Id })).Items);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 5, 0, TimeSpan.FromHours(8)), nextTask.DueAt);
    }
}
