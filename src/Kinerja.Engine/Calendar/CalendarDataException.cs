namespace Kinerja.Engine.Calendar;

/// <summary>Calendar data that cannot be read or used; <see cref="Problems"/> names each bad field.</summary>
public sealed class CalendarDataException : FormatException
{
    public CalendarDataException()
        : this(null, [])
    {
    }

    public CalendarDataException(string? message)
        : base(message)
    {
        Problems = message is null ? [] : [message];
    }

    public CalendarDataException(string? message, Exception? innerException)
        : base(message, innerException)
    {
        Problems = message is null ? [] : [message];
    }

    public CalendarDataException(string? calendarName, IReadOnlyList<string> problems)
        : base(Describe(calendarName, problems))
    {
        Problems = problems;
    }

    /// <summary>One line per problem, each starting with the field it concerns.</summary>
    public IReadOnlyList<string> Problems { get; }

    internal static string Describe(string? calendarName, IReadOnlyList<string> problems)
    {
        var subject = string.IsNullOrWhiteSpace(calendarName) ? "Calendar data" : $"Calendar data '{calendarName}'";
        return problems.Count == 0
            ? $"{subject} is invalid."
            : $"{subject} is invalid:\n- {string.Join("\n- ", problems)}";
    }
}
