using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Api;

public sealed class CalendarApiTests
{
    private static string Due(string start, string duration) =>
        $"/api/calendars/buleleng/due?start={Uri.EscapeDataString(start)}&duration={duration}";

    [Theory]
    [InlineData("2026-03-02T08:00:00+08:00", "PT60M", "2026-03-02T09:00:00+08:00")] // Monday, in office hours
    [InlineData("2026-03-17T10:00:00+08:00", "P5D", "2026-03-31T10:00:00+08:00")] // across Nyepi, Idul Fitri and cuti bersama
    public async Task Preview_CountsWorkingTimeInTheBulelengCalendar(string start, string duration, string due)
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;

        var preview = await (await client.GetAsync(Due(start, duration))).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture), preview["due"]!.GetValue<DateTimeOffset>());
        Assert.EndsWith("+08:00", preview["due"].Text(), StringComparison.Ordinal);
        Assert.Equal("Working", preview["basis"].Text());
    }

    [Fact]
    public async Task Preview_RefusesABadDurationNamingTheField_AndAnUnknownCalendarIs404()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host);
        using var _ = client;

        var bad = await (await client.GetAsync(Due("2026-03-02T08:00:00+08:00", "lima-hari"))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(bad["errors"]!.AsObject().ContainsKey("duration"));
        var months = await (await client.GetAsync(Due("2026-03-02T08:00:00+08:00", "P1M"))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(months["errors"]!.AsObject().ContainsKey("duration"));
        await (await client.GetAsync("/api/calendars/mars/due?start=2026-03-02T00:00:00Z&duration=PT1H")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PuttingACalendar_ValidatesIt_NamingWhatIsWrong_AndAValidOneIsUsedAtOnce()
    {
        await using var host = await KinerjaHost.StartAsync();
        var (client, _, _) = await ApiClients.KeyClientAsync(host, "bkpsdm");
        using var _ = client;
        var listed = await (await client.GetAsync("/api/calendars")).ArrayAsync();
        var buleleng = Assert.Single(listed.Objects());
        Assert.True(buleleng["isDefault"]!.GetValue<bool>());
        Assert.Equal("Asia/Makassar", buleleng["timeZoneId"].Text());
        var calendar = buleleng["calendar"]!.AsObject();
        const string tuesday = "2026-03-03";
        Assert.Equal("2026-03-03T10:00:00+08:00", (await (await client.GetAsync(Due("2026-03-02T10:00:00+08:00", "P1D"))).JsonAsync(HttpStatusCode.OK))["due"].Text());

        var broken = calendar.DeepClone().AsObject();
        broken["timeZoneId"] = "Mars/Olympus_Mons";
        var refused = await (await client.PutAsync("/api/calendars/buleleng", Json(broken))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Mars/Olympus_Mons", refused["detail"].Text(), StringComparison.Ordinal);
        Assert.NotEmpty(refused["problems"]!.AsArray());
        var misnamed = await (await client.PutAsync("/api/calendars/lain", Json(calendar))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(misnamed["errors"]!.AsObject().ContainsKey("name"));

        var withDayOff = calendar.DeepClone().AsObject();
        withDayOff["daysOff"]!.AsArray().Add(new JsonObject { ["date"] = tuesday, ["name"] = "Hari Jadi Kota Singaraja (uji)", ["kind"] = "regionalDispensation" });
        var saved = await (await client.PutAsync("/api/calendars/buleleng", Json(withDayOff))).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("bkpsdm", saved["updatedBy"].Text());
        Assert.Contains(saved["calendar"]!["daysOff"].Objects(), d => d["date"].Text() == tuesday);
        Assert.Equal("2026-03-04T10:00:00+08:00", (await (await client.GetAsync(Due("2026-03-02T10:00:00+08:00", "P1D"))).JsonAsync(HttpStatusCode.OK))["due"].Text());
    }

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");
}
