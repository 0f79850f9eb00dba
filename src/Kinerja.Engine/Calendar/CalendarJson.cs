using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kinerja.Engine.Calendar;

/// <summary>
/// The JSON form of <see cref="WorkingCalendarData"/>: dates as yyyy-MM-dd, times as HH:mm, days of the week
/// and kinds of day off in camelCase English. Reading collects every problem with its JSON path.
/// </summary>
internal static class CalendarJson
{
    private static readonly JsonSerializerOptions ReadOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly DayOfWeek[] WeekFromMonday =
    [
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday,
        DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday,
    ];

    private static readonly string[] TimeFormats = ["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF"];

    public static WorkingCalendarData Read(string json)
    {
        CalendarDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<CalendarDocument>(json, ReadOptions);
        }
        catch (JsonException e)
        {
            throw new CalendarDataException(null, [Describe(e)]);
        }

        if (document is null)
        {
            throw new CalendarDataException(null, ["the JSON holds no calendar (null)."]);
        }

        var problems = new List<string>();
        var schedules = (document.Schedules ?? []).Select((s, i) => ToSchedule(s, $"schedules[{i}]", problems)).ToList();
        var daysOff = (document.DaysOff ?? []).Select((d, i) => ToDayOff(d, $"daysOff[{i}]", problems)).ToList();
        if (document.Schedules is null)
        {
            problems.Add("schedules: the list of weekly schedules is missing.");
        }

        return problems.Count == 0
            ? new WorkingCalendarData(document.Name ?? "", document.TimeZoneId ?? "", schedules, daysOff)
            : throw new CalendarDataException(document.Name, problems);
    }

    public static string Write(WorkingCalendarData data)
    {
        var document = new CalendarDocument
        {
            Name = data.Name,
            TimeZoneId = data.TimeZoneId,
            Schedules = [.. (data.Schedules ?? []).Select(s => new ScheduleDocument
            {
                ValidFrom = FormatDate(s.ValidFrom),
                ValidUntil = s.ValidUntil is { } until ? FormatDate(until) : null,
                Source = s.Source,
                Days = WeekFromMonday.ToDictionary(
                    CalendarDataValidator.DayName,
                    day => (List<PeriodDocument?>?)[.. s.PeriodsOf(day).Select(p => new PeriodDocument { Start = FormatTime(p.Start), End = FormatTime(p.End) })]),
            })],
            DaysOff = [.. (data.DaysOff ?? []).Select(d => new DayOffDocument
            {
                Date = FormatDate(d.Date),
                Name = d.Name,
                Kind = JsonNamingPolicy.CamelCase.ConvertName(d.Kind.ToString()),
            })],
        };
        return JsonSerializer.Serialize(document, WriteOptions) + "\n";
    }

    // System.Text.Json's messages name our internal document types; say it in the admin's terms instead.
    private static string Describe(JsonException e)
    {
        var path = e.Path?.TrimStart('$', '.');
        var where = $"{(string.IsNullOrEmpty(path) ? "" : path + " ")}(line {e.LineNumber + 1 ?? 1})";
        if (e.InnerException is JsonException syntax)
        {
            var reason = syntax.Message;
            var position = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return $"{where}: the JSON is malformed. {(position < 0 ? reason : reason[..position])}";
        }

        return e.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? $"{where}: is not a known field."
            : $"{where}: the value has the wrong type (text is expected for names, dates and times; a list for schedules, daysOff and each day; an object for days).";
    }

    internal static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string FormatTime(TimeOnly time) =>
        time.ToString(time.Second == 0 && time.Millisecond == 0 ? "HH:mm" : "HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static WeeklySchedule ToSchedule(ScheduleDocument? document, string path, List<string> problems)
    {
        if (document is null)
        {
            problems.Add($"{path}: is empty.");
            return new WeeklySchedule(default, null, new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>());
        }

        var validFrom = ParseDate(document.ValidFrom, $"{path}.validFrom", problems) ?? default;
        var validUntil = document.ValidUntil is null ? null : ParseDate(document.ValidUntil, $"{path}.validUntil", problems);
        var days = new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>();
        if (document.Days is null)
        {
            problems.Add($"{path}.days: the days of the week are missing (use e.g. \"monday\": [{{\"start\": \"07:30\", \"end\": \"16:00\"}}]).");
        }

        foreach (var (key, periods) in document.Days ?? [])
        {
            var dayPath = $"{path}.days.{key}";
            var day = WeekFromMonday.Cast<DayOfWeek?>()
                .FirstOrDefault(d => string.Equals(d.ToString(), key, StringComparison.OrdinalIgnoreCase));
            if (day is null)
            {
                problems.Add($"{dayPath}: '{key}' is not a day of the week (monday … sunday).");
                continue;
            }

            if (!days.TryAdd(day.Value, [.. (periods ?? []).Select((p, i) => ToPeriod(p, $"{dayPath}[{i}]", problems))]))
            {
                problems.Add($"{dayPath}: {CalendarDataValidator.DayName(day.Value)} is listed twice.");
            }
        }

        return new WeeklySchedule(validFrom, validUntil, days, document.Source);
    }

    private static WorkingPeriod ToPeriod(PeriodDocument? document, string path, List<string> problems)
    {
        if (document is null)
        {
            problems.Add($"{path}: is empty.");
            return new WorkingPeriod(default, default);
        }

        var start = ParseTime(document.Start, $"{path}.start", problems);
        var end = ParseTime(document.End, $"{path}.end", problems);
        return new WorkingPeriod(start, end);
    }

    private static DayOff ToDayOff(DayOffDocument? document, string path, List<string> problems)
    {
        if (document is null)
        {
            problems.Add($"{path}: is empty.");
            return new DayOff(default, "", DayOffKind.Extra);
        }

        var date = ParseDate(document.Date, $"{path}.date", problems) ?? default;
        var kind = Enum.GetValues<DayOffKind>().Cast<DayOffKind?>()
            .FirstOrDefault(k => string.Equals(k.ToString(), document.Kind, StringComparison.OrdinalIgnoreCase));
        if (kind is null)
        {
            var kinds = string.Join(", ", Enum.GetValues<DayOffKind>().Select(k => JsonNamingPolicy.CamelCase.ConvertName(k.ToString())));
            problems.Add($"{path}.kind: '{document.Kind}' is not a kind of day off ({kinds}).");
        }

        return new DayOff(date, document.Name ?? "", kind ?? DayOffKind.Extra);
    }

    private static DateOnly? ParseDate(string? text, string path, List<string> problems)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add(text is null
            ? $"{path}: the date is missing (expected yyyy-MM-dd, e.g. 2026-03-19)."
            : $"{path}: '{text}' is not a date (expected yyyy-MM-dd, e.g. 2026-03-19).");
        return null;
    }

    private static TimeOnly ParseTime(string? text, string path, List<string> problems)
    {
        if (TimeOnly.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        problems.Add(text is null
            ? $"{path}: the time is missing (expected HH:mm, e.g. 07:30)."
            : $"{path}: '{text}' is not a time of day (expected HH:mm, e.g. 07:30).");
        return default;
    }

    private sealed class CalendarDocument
    {
        public string? Name { get; set; }

        public string? TimeZoneId { get; set; }

        public List<ScheduleDocument?>? Schedules { get; set; }

        public List<DayOffDocument?>? DaysOff { get; set; }
    }

    private sealed class ScheduleDocument
    {
        public string? ValidFrom { get; set; }

        public string? ValidUntil { get; set; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Source { get; set; }

        public Dictionary<string, List<PeriodDocument?>?>? Days { get; set; }
    }

    private sealed class PeriodDocument
    {
        public string? Start { get; set; }

        public string? End { get; set; }
    }

    private sealed class DayOffDocument
    {
        public string? Date { get; set; }

        public string? Name { get; set; }

        public string? Kind { get; set; }
    }
}
