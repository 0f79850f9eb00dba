using System.Globalization;
using Kinerja.Engine.Calendar;
using Kinerja.Host.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Admin;

/// <summary>What the admin pages and the inbox share: their texts, the clock, local time in WITA, errors and notices.</summary>
public abstract class AdminPageBase(IStringLocalizer<AdminResource> text, TimeProvider clock, IWorkingCalendarProvider calendars) : PageModel
{
    protected IStringLocalizer<AdminResource> Text { get; } = text;

    protected TimeProvider Clock { get; } = clock;

    public DateTimeOffset Now => Clock.GetUtcNow();

    public WorkingCalendar DefaultCalendar => calendars.Get(null);

    public static string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    /// <summary>A notice carried over a redirect (after a POST).</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>Set when the thing asked for does not exist; the page then says so with status 404.</summary>
    public string? Missing { get; private set; }

    /// <summary>"2 Mar 2026 08:05 WITA": an instant in the calendar's local time, short enough for a table.</summary>
    public string When(DateTimeOffset? instant, WorkingCalendar? calendar = null)
    {
        if (instant is not { } at)
        {
            return "–";
        }

        calendar ??= DefaultCalendar;
        var local = calendar.ToCalendarTime(at);
        return $"{local.ToString("d MMM yyyy HH:mm", TimeText.CultureFor(Lang))} {TimeText.ZoneName(calendar)}";
    }

    public string Message(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        object[] args = [Text["Field." + error.Field].Value, .. error.Args];
        return Text[error.MessageKey, args];
    }

    /// <summary>Puts each error on its field (<c>{prefix}.{Field}</c>) and answers 400.</summary>
    protected void AddErrors(IEnumerable<FieldError> errors, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var error in errors)
        {
            ModelState.AddModelError(prefix is null ? error.Field : $"{prefix}.{error.Field}", Message(error));
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    /// <summary>The error messages on one form field, for fields that are not properties of the page.</summary>
    public IEnumerable<string> ErrorsFor(string key) =>
        ModelState.TryGetValue(key, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    protected IActionResult NotFoundPage(string messageKey, params object[] args)
    {
        Missing = Text[messageKey, args];
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    protected string? UserName => User.Identity?.Name;
}
