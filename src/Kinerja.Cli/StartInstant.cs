namespace Kinerja.Cli;

/// <summary>When a simulation starts unless told otherwise: the start of the next working week in Buleleng.</summary>
internal static class StartInstant
{
    public static readonly TimeSpan Wita = TimeSpan.FromHours(8);

    /// <summary>The first Monday 08:00 WITA after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextMondayMorning(DateTimeOffset now)
    {
        var local = now.ToOffset(Wita);
        var daysToMonday = ((int)DayOfWeek.Monday - (int)local.DayOfWeek + 7) % 7;
        var monday = new DateTimeOffset(local.Date.AddDays(daysToMonday).AddHours(8), Wita);
        return monday > now ? monday : monday.AddDays(7);
    }
}
