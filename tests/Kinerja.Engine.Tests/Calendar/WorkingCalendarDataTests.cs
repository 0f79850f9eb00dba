using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Tests.Calendar;

public class WorkingCalendarDataTests
{
    private const string ValidJson = """
        {
          "name": "test",
          "timeZoneId": "Asia/Makassar",
          "schedules": [
            {
              "validFrom": "2026-03-01",
              "validUntil": null,
              "days": {
                "monday": [ { "start": "07:30", "end": "12:00" }, { "start": "12:45", "end": "16:00" } ],
                "friday": [ { "start": "07:00", "end": "14:00" } ]
              }
            }
          ],
          "daysOff": [ { "date": "2026-03-19", "name": "Hari Suci Nyepi", "kind": "nationalHoliday" } ]
        }
        """;

    [Fact]
    public void The_Seed_Data_Round_Trips_Through_Json()
    {
        var data = BulelengCalendar.LoadData();

        var reread = WorkingCalendarData.FromJson(data.ToJson());

        Assert.Equal(data, reread);
        Assert.Equal(data.ToJson(), reread.ToJson());
    }

    [Fact]
    public void FromJson_Reads_A_Small_Calendar()
    {
        var data = WorkingCalendarData.FromJson(ValidJson);

        Assert.Equal("test", data.Name);
        var schedule = Assert.Single(data.Schedules);
        Assert.Null(schedule.ValidUntil);
        Assert.Equal(2, schedule.PeriodsOf(DayOfWeek.Monday).Count);
        Assert.Empty(schedule.PeriodsOf(DayOfWeek.Tuesday));
        Assert.Equal(new DayOff(new DateOnly(2026, 3, 19), "Hari Suci Nyepi", DayOffKind.NationalHoliday), Assert.Single(data.DaysOff));
        Assert.Empty(data.Validate());
    }

    [Theory]
    [InlineData("\"end\": \"12:00\" }, { \"start\": \"12:45\"", "\"end\": \"12:00\" }, { \"start\": \"11:45\"", "schedules[0].days.monday: periods 07:30–12:00 and 11:45–16:00 overlap")]
    [InlineData("{ \"start\": \"07:00\", \"end\": \"14:00\" }", "{ \"start\": \"14:00\", \"end\": \"07:00\" }", "schedules[0].days.friday[0]: end 07:00 is not after start 14:00")]
    [InlineData("Asia/Makassar", "Asia/Makasar", "timeZoneId: 'Asia/Makasar' is not a known time zone")]
    [InlineData("\"2026-03-19\"", "\"2026-19-03\"", "daysOff[0].date: '2026-19-03' is not a date")]
    [InlineData("\"07:30\"", "\"7.30\"", "schedules[0].days.monday[0].start: '7.30' is not a time of day")]
    [InlineData("\"monday\"", "\"senin\"", "schedules[0].days.senin: 'senin' is not a day of the week")]
    [InlineData("nationalHoliday", "holiday", "daysOff[0].kind: 'holiday' is not a kind of day off")]
    [InlineData("\"validUntil\": null", "\"validUntil\": \"2026-12-31\"", "schedules[0].validUntil: the latest schedule must be open-ended")]
    [InlineData("\"validUntil\": null", "\"validUntl\": null", "schedules[0].validUntl (line 7): is not a known field")]
    [InlineData("\"start\": \"07:00\"", "\"start\": 7", "schedules[0].days.friday[0].start (line 10): the value has the wrong type")]
    [InlineData("\"name\": \"test\",", "\"name\": \"test\"", "(line 3): the JSON is malformed.")]
    [InlineData("\"name\": \"Hari Suci Nyepi\"", "\"name\": \"\"", "daysOff[0] (2026-03-19).name: a name is required")]
    [InlineData("\"schedules\": [", "\"schedules\": 5, \"x\": [", "schedules (line 4): the value has the wrong type")]
    public void FromJson_Names_The_Bad_Field(string find, string replace, string expected)
    {
        var json = ValidJson.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(ValidJson, json);

        var error = Assert.Throws<CalendarDataException>(() => WorkingCalendarData.FromJson(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void FromJson_Refuses_Malformed_Json_As_A_FormatException()
    {
        Assert.Throws<CalendarDataException>(() => WorkingCalendarData.FromJson("{ \"name\": "));
        Assert.Throws<CalendarDataException>(() => WorkingCalendarData.FromJson("null"));
        Assert.IsAssignableFrom<FormatException>(new CalendarDataException());
    }

    [Fact]
    public void Validate_Finds_Overlapping_Schedules()
    {
        var data = BulelengCalendar.LoadData();
        var old = data.Schedules[0] with { ValidUntil = new DateOnly(2026, 3, 5) };

        var problems = (data with { Schedules = [old, data.Schedules[1]] }).Validate();

        Assert.Contains(problems, p => p.StartsWith("schedules[0] and schedules[1]: their validity overlaps from 2026-03-01", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Finds_A_Gap_Between_Schedules()
    {
        var data = BulelengCalendar.LoadData();
        var old = data.Schedules[0] with { ValidUntil = new DateOnly(2026, 2, 20) };

        var problems = (data with { Schedules = [old, data.Schedules[1]] }).Validate();

        Assert.Contains(problems, p => p.Contains("no schedule covers 2026-02-21 to 2026-02-28", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Finds_A_Date_Listed_Twice_And_A_Week_Without_Work()
    {
        var data = BulelengCalendar.LoadData();
        var empty = new WeeklySchedule(new DateOnly(2026, 3, 1), null, new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>());

        var problems = (data with
        {
            Schedules = [data.Schedules[0], empty],
            DaysOff = [.. data.DaysOff, new DayOff(new DateOnly(2026, 3, 19), "Nyepi lagi", DayOffKind.Extra)],
        }).Validate();

        Assert.Contains(problems, p => p.StartsWith("schedules[1].days: the schedule has no working period", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("(2026-03-19).date: the date is already listed as daysOff[", StringComparison.Ordinal));
    }

    [Fact]
    public void A_Calendar_Refuses_Invalid_Data_Listing_The_Problems()
    {
        var data = BulelengCalendar.LoadData() with { Name = "", TimeZoneId = "WITA" };

        var error = Assert.Throws<ArgumentException>(() => new WorkingCalendar(data));

        Assert.Contains("name: a calendar name is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("timeZoneId: 'WITA' is not a known time zone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_Compares_Contents_Not_Collections()
    {
        Assert.Equal(WorkingCalendarData.FromJson(ValidJson), WorkingCalendarData.FromJson(ValidJson));
        Assert.NotEqual(WorkingCalendarData.FromJson(ValidJson), WorkingCalendarData.FromJson(ValidJson.Replace("16:00", "16:30", StringComparison.Ordinal)));
    }
}
