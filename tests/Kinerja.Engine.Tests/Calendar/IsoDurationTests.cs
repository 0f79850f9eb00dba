using CsCheck;
using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Tests.Calendar;

public class IsoDurationTests
{
    [Theory]
    [InlineData("PT5M", 0, 0, 0, 0, 0, 5, 0)]
    [InlineData("PT60M", 0, 0, 0, 0, 1, 0, 0)]
    [InlineData("P5D", 0, 0, 0, 5, 0, 0, 0)]
    [InlineData("P1D", 0, 0, 0, 1, 0, 0, 0)]
    [InlineData("P1W", 0, 0, 1, 0, 0, 0, 0)]
    [InlineData("PT1H30M", 0, 0, 0, 0, 1, 30, 0)]
    [InlineData("P1M", 0, 1, 0, 0, 0, 0, 0)]
    [InlineData("P1Y2M3W4DT5H6M7S", 1, 2, 3, 4, 5, 6, 7)]
    [InlineData("PT36H", 0, 0, 0, 0, 36, 0, 0)]
    [InlineData(" pt5m ", 0, 0, 0, 0, 0, 5, 0)]
    public void Parse_Reads_The_Time_Standards_Of_The_Sop(string text, int years, int months, int weeks, int days, int hours, int minutes, int seconds)
    {
        var duration = IsoDuration.Parse(text);

        Assert.Equal(years, duration.Years);
        Assert.Equal(months, duration.Months);
        Assert.Equal(weeks, duration.Weeks);
        Assert.Equal(days, duration.Days);
        Assert.Equal(new TimeSpan(hours, minutes, seconds), duration.Time);
    }

    [Theory]
    [InlineData("PT60M", "PT60M")] // the SOP's "60 Menit" stays as written
    [InlineData("PT1H", "PT1H")]
    [InlineData("PT90M", "PT90M")]
    [InlineData("PT0H60M", "PT60M")]
    [InlineData(" pt5m ", "PT5M")]
    [InlineData("PT36H", "PT36H")]
    [InlineData("P1W", "P1W")]
    [InlineData("P7D", "P7D")]
    [InlineData("P0DT2H", "PT2H")]
    [InlineData("P1DT2H", "P1DT2H")]
    [InlineData("PT1.5S", "PT1.5S")]
    [InlineData("PT90S", "PT90S")]
    [InlineData("PT0S", "PT0S")]
    [InlineData("P0D", "PT0S")]
    public void ToString_Writes_The_Canonical_Form_In_The_Units_Given(string text, string expected)
    {
        Assert.Equal(expected, IsoDuration.Parse(text).ToString());
    }

    [Fact]
    public void A_Duration_Built_From_A_TimeSpan_Is_Written_In_Hours_Minutes_And_Seconds()
    {
        Assert.Equal("P2DT1H30M", IsoDuration.Create(days: 2, time: TimeSpan.FromMinutes(90)).ToString());
        Assert.Equal("PT26H0.25S", IsoDuration.FromTime(TimeSpan.FromHours(26) + TimeSpan.FromMilliseconds(250)).ToString());
    }

    [Fact]
    public void Sixty_Minutes_Equal_One_Hour_But_A_Week_Is_Not_Seven_Days()
    {
        Assert.Equal(IsoDuration.Parse("PT1H"), IsoDuration.Parse("PT60M"));
        Assert.NotEqual(IsoDuration.Parse("P7D"), IsoDuration.Parse("P1W"));
        Assert.NotEqual(IsoDuration.Parse("P1D"), IsoDuration.Parse("PT24H"));
    }

    [Theory]
    [InlineData("PT0S", true)]
    [InlineData("P0D", true)]
    [InlineData("PT5M", false)]
    [InlineData("P1M", false)]
    public void IsZero_Only_When_Every_Part_Is_Zero(string text, bool zero)
    {
        Assert.Equal(zero, IsoDuration.Parse(text).IsZero);
    }

    [Theory]
    [InlineData("P5X")]
    [InlineData("5 menit")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("P1.5D")]
    [InlineData("-P1D")]
    [InlineData("P-1D")]
    [InlineData("PT-5M")]
    [InlineData("P2147483648D")]
    [InlineData("PT0.000000001S")]
    public void Parse_Refuses_What_Is_Not_A_Duration_Naming_The_Text(string text)
    {
        var error = Assert.Throws<FormatException>(() => IsoDuration.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Error_Says_What_Is_Expected()
    {
        var error = Assert.Throws<FormatException>(() => IsoDuration.Parse("P5X"));

        Assert.StartsWith("'P5X' is not an ISO 8601 duration (expected e.g. PT5M, PT60M, P5D)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_Reports_A_Missing_Duration(string? text)
    {
        Assert.False(IsoDuration.TryParse(text, out var duration, out var error));
        Assert.Equal(IsoDuration.Zero, duration);
        Assert.Contains("required", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Gives_No_Error_On_Success()
    {
        Assert.True(IsoDuration.TryParse("P5D", out var duration, out var error));
        Assert.Equal(IsoDuration.FromDays(5), duration);
        Assert.Null(error);
    }

    [Fact]
    public void Create_Refuses_Negative_Parts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IsoDuration.Create(days: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => IsoDuration.FromTime(TimeSpan.FromMinutes(-5)));
    }

    [Fact]
    public void ToString_Round_Trips_Through_Parse()
    {
        var durations =
            from years in Gen.Int[0, 3]
            from months in Gen.Int[0, 14]
            from weeks in Gen.Int[0, 60]
            from days in Gen.Int[0, 400]
            from ticks in Gen.OneOf(Gen.Long[0, TimeSpan.TicksPerDay * 3], Gen.Long[0, 500].Select(m => m * TimeSpan.TicksPerMinute))
            select IsoDuration.Create(years, months, weeks, days, TimeSpan.FromTicks(ticks));

        durations.Sample(duration =>
        {
            var text = duration.ToString();
            Assert.Equal(duration, IsoDuration.Parse(text));
            Assert.Equal(text, IsoDuration.Parse(text).ToString());
        }, iter: 2000);
    }

    [Fact]
    public void Written_Durations_Print_As_Written()
    {
        static string Part(int value, string unit) => value == 0 ? "" : $"{value}{unit}";
        var texts =
            from date in Gen.Select(Gen.Int[0, 2], Gen.Int[0, 13], Gen.Int[0, 10], Gen.Int[0, 400])
            from time in Gen.Select(Gen.Int[0, 100], Gen.Int[0, 200], Gen.Int[0, 200])
            let datePart = Part(date.Item1, "Y") + Part(date.Item2, "M") + Part(date.Item3, "W") + Part(date.Item4, "D")
            let timePart = Part(time.Item1, "H") + Part(time.Item2, "M") + Part(time.Item3, "S")
            where datePart.Length + timePart.Length > 0
            select "P" + datePart + (timePart.Length > 0 ? "T" + timePart : "");

        texts.Sample(text => Assert.Equal(text, IsoDuration.Parse(text).ToString()), iter: 2000);
    }
}
