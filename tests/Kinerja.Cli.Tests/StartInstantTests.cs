namespace Kinerja.Cli.Tests;

public sealed class StartInstantTests
{
    private static readonly TimeSpan Wita = TimeSpan.FromHours(8);

    [Fact]
    public void NextMondayMorning_IsTheComingMonday_FromMidweek()
    {
        var wednesday = new DateTimeOffset(2026, 2, 25, 10, 0, 0, Wita);

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, Wita), StartInstant.NextMondayMorning(wednesday));
    }

    [Fact]
    public void NextMondayMorning_IsTheSameDay_BeforeEightOnAMonday()
    {
        var earlyMonday = new DateTimeOffset(2026, 3, 2, 7, 30, 0, Wita);

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, Wita), StartInstant.NextMondayMorning(earlyMonday));
    }

    [Fact]
    public void NextMondayMorning_IsAWeekLater_FromEightOnAMonday()
    {
        var mondayAtEight = new DateTimeOffset(2026, 3, 2, 8, 0, 0, Wita);

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 8, 0, 0, Wita), StartInstant.NextMondayMorning(mondayAtEight));
    }

    [Fact]
    public void NextMondayMorning_CountsTheDayInWita_NotInUtc()
    {
        // Sunday 23:30 UTC is already Monday 07:30 in Buleleng.
        var sundayNightUtc = new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, Wita), StartInstant.NextMondayMorning(sundayNightUtc));
    }
}
