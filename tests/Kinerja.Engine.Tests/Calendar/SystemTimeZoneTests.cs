using Kinerja.Engine.Calendar;
using NodaTime;

namespace Kinerja.Engine.Tests.Calendar;

public class SystemTimeZoneTests
{
    private static TimeZoneInfo Missing(string id) => throw new TimeZoneNotFoundException(id);

    [Fact]
    public void Without_Tzdata_Wita_Is_Rebuilt_From_The_Embedded_Tzdb()
    {
        var zone = SystemTimeZone.For(DateTimeZoneProviders.Tzdb["Asia/Makassar"], Missing);

        Assert.Equal("Asia/Makassar", zone.Id);
        Assert.Equal(TimeSpan.FromHours(8), zone.BaseUtcOffset);
        Assert.False(zone.SupportsDaylightSavingTime);
    }

    [Fact]
    public void Without_Tzdata_A_Zone_With_Summer_Time_Is_A_Clear_Error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SystemTimeZone.For(DateTimeZoneProviders.Tzdb["Europe/Berlin"], Missing));

        Assert.Contains("Europe/Berlin", error.Message, StringComparison.Ordinal);
    }
}
