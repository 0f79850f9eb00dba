using NodaTime;

namespace Kinerja.Engine.Calendar;

/// <summary>Checks calendar data; each problem starts with the JSON path of the field it concerns.</summary>
internal static class CalendarDataValidator
{
    public static IReadOnlyList<string> Validate(WorkingCalendarData data)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(data.Name))
        {
            problems.Add("name: a calendar name is required.");
        }

        if (string.IsNullOrWhiteSpace(data.TimeZoneId))
        {
            problems.Add("timeZoneId: a time zone is required (an IANA id such as Asia/Makassar).");
        }
        else if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(data.TimeZoneId) is null)
        {
            problems.Add($"timeZoneId: '{data.TimeZoneId}' is not a known time zone (an IANA id such as Asia/Makassar is expected).");
        }

        ValidateSchedules(data.Schedules ?? [], problems);
        ValidateDaysOff(data.DaysOff ?? [], problems);
        return problems;
    }

    internal static string DayName(DayOfWeek day) => day.ToString().ToLowerInvariant();

    private static void ValidateSchedules(IReadOnlyList<WeeklySchedule> schedules, List<string> problems)
    {
        if (schedules.Count == 0)
        {
            problems.Add("schedules: at least one weekly schedule is required.");
            return;
        }

        for (var i = 0; i < schedules.Count; i++)
        {
            if (schedules[i] is null)
            {
                problems.Add($"schedules[{i}]: is empty.");
                continue;
            }

            ValidateSchedule($"schedules[{i}]", schedules[i], problems);
        }

        var ordered = schedules
            .Select((schedule, index) => (Schedule: schedule, Index: index))
            .Where(s => s.Schedule is not null)
            .OrderBy(s => s.Schedule.ValidFrom)
            .ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var (previous, previousIndex) = ordered[i - 1];
            var (next, nextIndex) = ordered[i];
            if (previous.ValidUntil is null || previous.ValidUntil >= next.ValidFrom)
            {
                problems.Add($"schedules[{previousIndex}] and schedules[{nextIndex}]: their validity overlaps from {Format(next.ValidFrom)}; "
                    + $"set schedules[{previousIndex}].validUntil to {Format(next.ValidFrom.AddDays(-1))}.");
            }
            else if (previous.ValidUntil.Value.AddDays(1) < next.ValidFrom)
            {
                problems.Add($"schedules[{previousIndex}] and schedules[{nextIndex}]: no schedule covers "
                    + $"{Format(previous.ValidUntil.Value.AddDays(1))} to {Format(next.ValidFrom.AddDays(-1))}.");
            }
        }

        var (latest, latestIndex) = ordered[^1];
        if (latest.ValidUntil is not null)
        {
            problems.Add($"schedules[{latestIndex}].validUntil: the latest schedule must be open-ended (null), "
                + "otherwise deadlines after it could never be computed.");
        }
    }

    private static void ValidateSchedule(string path, WeeklySchedule schedule, List<string> problems)
    {
        if (schedule.ValidUntil < schedule.ValidFrom)
        {
            problems.Add($"{path}.validUntil: {Format(schedule.ValidUntil.Value)} is before validFrom {Format(schedule.ValidFrom)}.");
        }

        if (schedule.Days is null)
        {
            problems.Add($"{path}.days: the days of the week are missing.");
            return;
        }

        var anyPeriod = false;
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var dayPath = $"{path}.days.{DayName(day)}";
            var periods = schedule.PeriodsOf(day);
            for (var i = 0; i < periods.Count; i++)
            {
                var period = periods[i];
                if (period is null)
                {
                    problems.Add($"{dayPath}[{i}]: is empty.");
                }
                else if (period.End <= period.Start)
                {
                    problems.Add($"{dayPath}[{i}]: end {Format(period.End)} is not after start {Format(period.Start)}.");
                }
                else
                {
                    anyPeriod = true;
                }
            }

            var valid = periods.Where(p => p is not null && p.End > p.Start).OrderBy(p => p.Start).ToList();
            for (var i = 1; i < valid.Count; i++)
            {
                if (valid[i].Start < valid[i - 1].End)
                {
                    problems.Add($"{dayPath}: periods {valid[i - 1]} and {valid[i]} overlap.");
                }
            }
        }

        if (!anyPeriod)
        {
            problems.Add($"{path}.days: the schedule has no working period in the whole week.");
        }
    }

    private static void ValidateDaysOff(IReadOnlyList<DayOff> daysOff, List<string> problems)
    {
        var seen = new Dictionary<DateOnly, int>();
        for (var i = 0; i < daysOff.Count; i++)
        {
            var dayOff = daysOff[i];
            if (dayOff is null)
            {
                problems.Add($"daysOff[{i}]: is empty.");
                continue;
            }

            var path = $"daysOff[{i}] ({Format(dayOff.Date)})";
            if (string.IsNullOrWhiteSpace(dayOff.Name))
            {
                problems.Add($"{path}.name: a name is required.");
            }

            if (!Enum.IsDefined(dayOff.Kind))
            {
                problems.Add($"{path}.kind: {(int)dayOff.Kind} is not a kind of day off.");
            }

            if (!seen.TryAdd(dayOff.Date, i))
            {
                problems.Add($"{path}.date: the date is already listed as daysOff[{seen[dayOff.Date]}].");
            }
        }
    }

    private static string Format(DateOnly date) => CalendarJson.FormatDate(date);

    private static string Format(TimeOnly time) => CalendarJson.FormatTime(time);
}
