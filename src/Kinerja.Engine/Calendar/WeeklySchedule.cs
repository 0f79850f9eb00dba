namespace Kinerja.Engine.Calendar;

/// <summary>
/// Office hours per day of the week, in force from <see cref="ValidFrom"/> to <see cref="ValidUntil"/>
/// (both local dates, inclusive; <c>null</c> = open-ended). A day of the week that is missing or has
/// no periods is not a working day.
/// </summary>
/// <param name="ValidFrom">The first local date the schedule is in force.</param>
/// <param name="ValidUntil">The last local date it is in force, or null while no later schedule replaces it.</param>
/// <param name="Days">The working periods of each day of the week, in local time.</param>
/// <param name="Source">Where the schedule comes from, e.g. "Perbup Buleleng 56/2025"; shown to admins only.</param>
/// <remarks>Equality compares the days' periods, not the dictionary instances.</remarks>
public sealed record WeeklySchedule(
    DateOnly ValidFrom,
    DateOnly? ValidUntil,
    IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> Days,
    string? Source = null)
{
    /// <summary>True when <paramref name="date"/> falls between <see cref="ValidFrom"/> and <see cref="ValidUntil"/>.</summary>
    public bool Covers(DateOnly date) => date >= ValidFrom && (ValidUntil is null || date <= ValidUntil);

    /// <summary>The periods of a day of the week, empty when it is not a working day.</summary>
    public IReadOnlyList<WorkingPeriod> PeriodsOf(DayOfWeek day) =>
        Days is not null && Days.TryGetValue(day, out var periods) && periods is not null ? periods : [];

    /// <summary>The working time of a whole week without days off (37.5 hours for Buleleng from March 2026).</summary>
    public TimeSpan WeeklyHours => Enum.GetValues<DayOfWeek>()
        .SelectMany(PeriodsOf)
        .Aggregate(TimeSpan.Zero, (total, period) => total + period.Length);

    public bool Equals(WeeklySchedule? other) =>
        other is not null
        && ValidFrom == other.ValidFrom
        && ValidUntil == other.ValidUntil
        && Source == other.Source
        && Enum.GetValues<DayOfWeek>().All(day => PeriodsOf(day).SequenceEqual(other.PeriodsOf(day)));

    public override int GetHashCode() => HashCode.Combine(ValidFrom, ValidUntil, Source);
}
