using System.Globalization;
using Kinerja.Engine.Calendar;

namespace Kinerja.Host.Tasks;

/// <summary>Instants and working-time spans as officers read them: local time with its zone name (WITA).</summary>
public static class TimeText
{
    public static CultureInfo CultureFor(string? language) =>
        CultureInfo.GetCultureInfo(language is not null && language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en-US" : "id-ID");

    public static string ZoneName(WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.TimeZoneId switch
        {
            "Asia/Makassar" => "WITA",
            "Asia/Jakarta" => "WIB",
            "Asia/Jayapura" => "WIT",
            _ => calendar.TimeZoneId,
        };
    }

    /// <summary>"Jumat, 6 Maret 2026 14.00 WITA".</summary>
    public static string Instant(DateTimeOffset instant, WorkingCalendar calendar, string? language)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var culture = CultureFor(language);
        var local = calendar.ToCalendarTime(instant);
        return $"{local.ToString("dddd, d MMMM yyyy HH:mm", culture)} {ZoneName(calendar)}";
    }

    /// <summary>"2 jam 15 menit" / "2 h 15 min"; whole working days are not assumed (days differ in length).</summary>
    public static string Span(TimeSpan span, string? language)
    {
        var english = CultureFor(language).TwoLetterISOLanguageName == "en";
        var hours = (int)Math.Floor(Math.Abs(span.TotalHours));
        var minutes = Math.Abs(span.Minutes);
        var hourUnit = english ? "h" : "jam";
        var minuteUnit = english ? "min" : "menit";
        return hours == 0 ? $"{minutes} {minuteUnit}" : minutes == 0 ? $"{hours} {hourUnit}" : $"{hours} {hourUnit} {minutes} {minuteUnit}";
    }

    /// <summary>"PT60M" → "60 menit", "P5D" → "5 hari kerja".</summary>
    public static string TimeStandard(string? iso, string? language)
    {
        if (string.IsNullOrEmpty(iso) || !IsoDuration.TryParse(iso, out var duration, out _))
        {
            return iso ?? string.Empty;
        }

        var english = CultureFor(language).TwoLetterISOLanguageName == "en";
        var parts = new List<string>();
        if (duration.Weeks > 0)
        {
            parts.Add(english ? $"{duration.Weeks} week{(duration.Weeks == 1 ? string.Empty : "s")}" : $"{duration.Weeks} minggu");
        }

        if (duration.Days > 0)
        {
            var days = duration.Days;
            parts.Add(english ? $"{days} working day{(days == 1 ? string.Empty : "s")}" : $"{days} hari kerja");
        }

        if (duration.Time > TimeSpan.Zero)
        {
            parts.Add(Span(duration.Time, language));
        }

        return parts.Count == 0 ? iso : string.Join(' ', parts);
    }
}
