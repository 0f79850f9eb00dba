using Kinerja.Engine.Calendar;
using Kinerja.Host.Admin;
using Kinerja.Host.Calendar;
using Kinerja.Host.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin;

/// <summary>
/// The working calendars: weekly office hours and the days off of a year. A day off is added or removed, or
/// the whole calendar edited as JSON; every change is checked by the engine's calendar reader and saved whole
/// through <see cref="HostCalendars"/>, so a refused change leaves the calendar as it was.
/// </summary>
public sealed class KalenderModel(
    HostCalendars hostCalendars,
    HostDbContextFactory contexts,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock) : AdminPageBase(text, clock, hostCalendars)
{
    public const int MaxJsonLength = 1024 * 1024;

    [BindProperty(SupportsGet = true, Name = "nama")]
    public string? Name { get; set; }

    [BindProperty(SupportsGet = true, Name = "tahun")]
    public int? Year { get; set; }

    [BindProperty]
    public string? DayOffDate { get; set; }

    [BindProperty]
    public string? DayOffName { get; set; }

    [BindProperty]
    public string? DayOffKind { get; set; }

    [BindProperty]
    public string? Json { get; set; }

    public WorkingCalendar? Calendar { get; private set; }
    public IReadOnlyList<string> Names { get; private set; } = [];

    /// <summary>What the engine's calendar reader found wrong with a refused change, one line per field.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public IReadOnlyList<DayOff> DaysOffOfYear => Calendar is null ? [] : Calendar.Data.DaysOff.Where(d => d.Date.Year == Year).OrderBy(d => d.Date).ToList();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Load())
        {
            return NotFoundPage("Calendar.NotFound", Name ?? string.Empty);
        }

        Json = await StoredJsonAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAddDayOffAsync(CancellationToken cancellationToken)
    {
        if (!Load())
        {
            return NotFoundPage("Calendar.NotFound", Name ?? string.Empty);
        }

        var (data, errors) = CalendarEditor.AddDayOff(Calendar!.Data, DayOffDate, DayOffName, DayOffKind);
        if (data is null)
        {
            AddErrors(errors);
            Json = await StoredJsonAsync(cancellationToken);
            return Page();
        }

        return await SaveAsync(data.ToJson(), Text["Calendar.DayOffAdded", DayOffDate!.Trim(), DayOffName!.Trim()], cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveDayOffAsync(CancellationToken cancellationToken)
    {
        if (!Load())
        {
            return NotFoundPage("Calendar.NotFound", Name ?? string.Empty);
        }

        var errors = new FieldErrors();
        var date = OrganizationAdmin.ParseDate(errors, nameof(DayOffDate), DayOffDate);
        var data = date is { } d ? CalendarEditor.RemoveDayOff(Calendar!.Data, d) : null;
        if (data is null)
        {
            if (!errors.Any)
            {
                errors.Add(nameof(DayOffDate), "Error.NoDayOff", DayOffDate ?? string.Empty);
            }

            AddErrors(errors.All);
            Json = await StoredJsonAsync(cancellationToken);
            return Page();
        }

        return await SaveAsync(data.ToJson(), Text["Calendar.DayOffRemoved", DayOffDate!.Trim()], cancellationToken);
    }

    public async Task<IActionResult> OnPostJsonAsync(CancellationToken cancellationToken)
    {
        if (!Load())
        {
            return NotFoundPage("Calendar.NotFound", Name ?? string.Empty);
        }

        if (string.IsNullOrWhiteSpace(Json))
        {
            AddErrors([new FieldError(nameof(Json), "Error.Required")]);
            return Page();
        }

        if (Json.Length > MaxJsonLength)
        {
            AddErrors([new FieldError(nameof(Json), "Error.TooLong", [MaxJsonLength])]);
            return Page();
        }

        return await SaveAsync(Json, null, cancellationToken);
    }

    private async Task<IActionResult> SaveAsync(string json, string? notice, CancellationToken cancellationToken)
    {
        WorkingCalendarData data;
        try
        {
            data = WorkingCalendarData.FromJson(json);
            await hostCalendars.SaveAsync(json, UserName, Clock, cancellationToken);
        }
        catch (CalendarDataException ex)
        {
            Problems = ex.Problems.Count > 0 ? ex.Problems : [ex.Message];
            ModelState.AddModelError(nameof(Json), Text["Calendar.Refused", Problems.Count]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Json = notice is null ? json : await StoredJsonAsync(cancellationToken);
            return Page();
        }

        Notice = notice ?? Text["Calendar.Saved", data.Name];
        return Redirect($"/admin/kalender?nama={Uri.EscapeDataString(data.Name)}&tahun={Year}");
    }

    private bool Load()
    {
        Names = hostCalendars.Names.Order(StringComparer.Ordinal).ToList();
        try
        {
            Calendar = hostCalendars.Get(OrganizationAdmin.Trim(Name));
        }
        catch (KeyNotFoundException)
        {
            return false;
        }

        Name = Calendar.Name;
        Year ??= Calendar.ToCalendarTime(Now).Year;
        return true;
    }

    private async Task<string> StoredJsonAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var name = Calendar!.Name;
        var stored = await db.Calendars.AsNoTracking().Where(c => c.Name == name).Select(c => c.Json).FirstOrDefaultAsync(cancellationToken);
        return stored ?? Calendar.Data.ToJson();
    }
}
