namespace Kinerja.Engine.Calendar;

/// <summary>
/// The seeded calendar of the Buleleng regency government: WITA, the office hours of Perbup Buleleng
/// 56/2025 from 1 March 2026 and the ones before, and the 2026 national holidays and cuti bersama.
/// The data lives in the embedded <c>buleleng.calendar.json</c>; admins edit their own copy, not code.
/// </summary>
public static class BulelengCalendar
{
    /// <summary>The name of the seeded calendar.</summary>
    public const string Name = "buleleng";

    private const string ResourceName = "Kinerja.Engine.Calendar.buleleng.calendar.json";

    /// <summary>The seed data, read from the embedded JSON.</summary>
    public static WorkingCalendarData LoadData() => WorkingCalendarData.FromJson(LoadJson());

    /// <summary>A calendar built from the seed data.</summary>
    public static WorkingCalendar Create() => new(LoadData());

    /// <summary>The seed JSON as shipped, e.g. to prefill an admin's editor.</summary>
    public static string LoadJson()
    {
        using var stream = typeof(BulelengCalendar).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from {typeof(BulelengCalendar).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
