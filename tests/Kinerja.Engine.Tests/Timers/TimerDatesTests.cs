using Kinerja.Engine.Timers;

namespace Kinerja.Engine.Tests.Timers;

public sealed class TimerDatesTests
{
    [Theory]
    [InlineData("2026-03-31T16:00:00+08:00", "2026-03-31T08:00:00Z")]
    [InlineData("2026-03-31T16:00:00", "2026-03-31T08:00:00Z")]
    [InlineData("2026-03-31T08:00:00Z", "2026-03-31T08:00:00Z")]
    public void TryParse_ReadsIsoDates_WithWitaWhereNoOffsetIsGiven(string text, string utc)
    {
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), TimerDates.TryParse(text));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00")]
    [InlineData("9999-12-31T23:59:59-12:00")]
    [InlineData("besok")]
    [InlineData("")]
    public void TryParse_GivesNull_ForWhatIsNotARepresentableDate(string text)
    {
        Assert.Null(TimerDates.TryParse(text));
    }
}
