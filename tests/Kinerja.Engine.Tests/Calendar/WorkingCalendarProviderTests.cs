using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Tests.Calendar;

public class WorkingCalendarProviderTests
{
    private static readonly WorkingCalendar Buleleng = Wita.Buleleng;

    private static readonly WorkingCalendar RumahSakit = new(BulelengCalendar.LoadData() with { Name = "rsud" });

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_Name_Gives_The_Default_Calendar(string? name)
    {
        Assert.Same(Buleleng, new WorkingCalendarProvider(Buleleng, RumahSakit).Get(name));
    }

    [Theory]
    [InlineData("rsud")]
    [InlineData("RSUD")]
    public void A_Calendar_Is_Found_By_Its_Name_In_Any_Case(string name)
    {
        Assert.Same(RumahSakit, new WorkingCalendarProvider(Buleleng, [RumahSakit]).Get(name));
    }

    [Fact]
    public void The_Default_Is_Also_Found_By_Its_Name()
    {
        Assert.Same(Buleleng, new WorkingCalendarProvider(Buleleng).Get(BulelengCalendar.Name));
    }

    [Fact]
    public void An_Unknown_Name_Is_A_Clear_KeyNotFoundException()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => new WorkingCalendarProvider(Buleleng, RumahSakit).Get("denpasar"));

        Assert.Contains("'denpasar'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'buleleng'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'rsud'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_Calendars_Of_One_Name_Are_Refused()
    {
        var twin = new WorkingCalendar(BulelengCalendar.LoadData());

        Assert.Throws<ArgumentException>(() => new WorkingCalendarProvider(Buleleng, twin));
    }
}
