using Kinerja.Engine.Calendar;
using Kinerja.Host.Data;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Calendar;

/// <summary>
/// The working calendars as admins keep them in the database (seeded from the engine's Buleleng calendar).
/// An edit is validated by the engine's calendar reader and swapped in whole; tasks created afterwards count in it.
/// </summary>
public sealed class HostCalendars(HostDbContextFactory contexts, string defaultName) : IWorkingCalendarProvider
{
    private volatile WorkingCalendarProvider _current = new(BulelengCalendar.Create());

    public WorkingCalendar Default => _current.Default;

    public IEnumerable<string> Names => _current.Names;

    public WorkingCalendar Get(string? name) => _current.Get(name);

    /// <summary>Seeds the Buleleng calendar when the database has none, then loads every calendar.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Calendars.AnyAsync(cancellationToken))
        {
            db.Calendars.Add(new CalendarDocument { Name = BulelengCalendar.Name, Json = BulelengCalendar.LoadJson(), UpdatedAt = DateTimeOffset.UtcNow, UpdatedBy = "seed" });
            await db.SaveChangesAsync(cancellationToken);
        }

        var documents = await db.Calendars.AsNoTracking().ToListAsync(cancellationToken);
        var calendars = documents.Select(d => new WorkingCalendar(WorkingCalendarData.FromJson(d.Json))).ToList();
        var fallback = calendars.FirstOrDefault(c => c.Name == defaultName) ?? calendars[0];
        _current = new WorkingCalendarProvider(fallback, calendars.Where(c => c != fallback));
    }

    /// <summary>Validates and stores a calendar; throws <see cref="CalendarDataException"/> naming what is wrong.</summary>
    public async Task SaveAsync(string json, string? by, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var data = WorkingCalendarData.FromJson(json);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var document = await db.Calendars.FirstOrDefaultAsync(c => c.Name == data.Name, cancellationToken);
            if (document is null)
            {
                db.Calendars.Add(new CalendarDocument { Name = data.Name, Json = json, UpdatedAt = clock.GetUtcNow(), UpdatedBy = by });
            }
            else
            {
                document.Json = json;
                document.UpdatedAt = clock.GetUtcNow();
                document.UpdatedBy = by;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await LoadAsync(cancellationToken);
    }
}
