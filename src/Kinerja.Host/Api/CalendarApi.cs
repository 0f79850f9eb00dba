using System.Text;
using System.Text.Json.Nodes;
using Kinerja.Engine.Calendar;
using Kinerja.Host.Calendar;
using Kinerja.Host.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Api;

public sealed record CalendarDto(string Name, bool IsDefault, string TimeZoneId, DateTimeOffset UpdatedAt, string? UpdatedBy, JsonNode? Calendar);

public sealed record DuePreviewDto(string Calendar, DateTimeOffset Start, string Duration, TimeBasis Basis, DateTimeOffset Due, TimeSpan WorkingTime);

/// <summary>Working calendars (office hours, holidays, cuti bersama) as JSON, and what a duration comes to in them.</summary>
public static class CalendarApi
{
    private const int MaxCalendarBytes = 1024 * 1024;

    public static RouteGroupBuilder MapCalendarApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/calendars").RequireAuthorization(ApiSetup.ApiPolicy).WithTags("Calendars").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync).WithSummary("Every working calendar with its JSON.");
        group.MapGet("/{name}", GetAsync).WithSummary("One working calendar with its JSON.");
        group.MapPut("/{name}", PutAsync)
            .Accepts<JsonObject>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Replaces (or adds) a calendar; the JSON is validated first and every problem named (400), nothing kept then. "
                + "Tasks created afterwards count in it.");
        group.MapGet("/{name}/due", DueAsync)
            .ProducesValidationProblem()
            .WithSummary("When a duration started at an instant ends in this calendar, e.g. start=2026-03-02T08:00:00%2B08:00&duration=PT60M "
                + "(basis Working by default: office hours, weekends and days off excluded; or Calendar).");
        return group;
    }

    private static async Task<Ok<List<CalendarDto>>> ListAsync(HostDbContextFactory contexts, HostCalendars calendars, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var documents = await db.Calendars.AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(documents.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => ToDto(d, calendars)).ToList());
    }

    private static async Task<Results<Ok<CalendarDto>, ProblemHttpResult>> GetAsync(
        string name, HostDbContextFactory contexts, HostCalendars calendars, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Calendars.AsNoTracking().FirstOrDefaultAsync(c => c.Name == name, cancellationToken);
        return document is null ? ApiProblems.NotFound(Unknown(name, calendars)) : TypedResults.Ok(ToDto(document, calendars));
    }

    private static async Task<Ok<CalendarDto>> PutAsync(
        string name, HttpContext http, HostCalendars calendars, HostDbContextFactory contexts, TimeProvider clock, CancellationToken cancellationToken)
    {
        var json = await ReadBodyAsync(http.Request, cancellationToken);
        var data = WorkingCalendarData.FromJson(json); // CalendarDataException names each problem: 400
        if (!string.Equals(data.Name, name, StringComparison.Ordinal))
        {
            throw ApiException.Invalid("name", $"The calendar in the body is named '{data.Name}', not '{name}' as in the address.");
        }

        var caller = await ApiCaller.OfAsync(http);
        await calendars.SaveAsync(json, caller.Actor, clock, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Calendars.AsNoTracking().FirstAsync(c => c.Name == name, cancellationToken);
        return TypedResults.Ok(ToDto(document, calendars));
    }

    private static Results<Ok<DuePreviewDto>, ProblemHttpResult> DueAsync(
        string name, DateTimeOffset? start, string? duration, string? basis, HostCalendars calendars)
    {
        if (!calendars.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return ApiProblems.NotFound(Unknown(name, calendars));
        }

        if (start is not { } from)
        {
            throw ApiException.Invalid("start", "The start instant is required, ISO 8601 with its offset (e.g. 2026-03-02T08:00:00+08:00, '+' sent as %2B).");
        }

        if (!IsoDuration.TryParse(duration, out var length, out var error))
        {
            throw ApiException.Invalid("duration", error);
        }

        var timeBasis = TimeBasis.Working;
        if (!string.IsNullOrWhiteSpace(basis) && !(Enum.TryParse(basis, ignoreCase: true, out timeBasis) && Enum.IsDefined(timeBasis)))
        {
            throw ApiException.Invalid("basis", $"'{basis}' is not a time basis; use Working or Calendar.");
        }

        if (timeBasis == TimeBasis.Working && length.HasYearsOrMonths)
        {
            throw ApiException.Invalid("duration", "Years and months have no working-time meaning; use days or weeks, or basis=Calendar.");
        }

        var calendar = calendars.Get(name);
        var due = calendar.Add(from, length, timeBasis);
        return TypedResults.Ok(new DuePreviewDto(
            calendar.Name, calendar.ToCalendarTime(from), length.ToString(), timeBasis, calendar.ToCalendarTime(due), calendar.MeasureWorkingTime(from, due)));
    }

    private static CalendarDto ToDto(CalendarDocument document, HostCalendars calendars)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(document.Json);
        }
        catch (System.Text.Json.JsonException)
        {
            json = null;
        }

        var isKnown = calendars.Names.Contains(document.Name, StringComparer.OrdinalIgnoreCase);
        return new CalendarDto(
            document.Name,
            string.Equals(calendars.Default.Name, document.Name, StringComparison.OrdinalIgnoreCase),
            isKnown ? calendars.Get(document.Name).TimeZoneId : json?["timeZoneId"]?.ToString() ?? string.Empty,
            document.UpdatedAt,
            document.UpdatedBy,
            json);
    }

    private static string Unknown(string name, HostCalendars calendars) =>
        $"No working calendar is named '{name}'; known: {string.Join(", ", calendars.Names.Order(StringComparer.Ordinal))}.";

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxCalendarBytes)
        {
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, "The calendar is too large.", $"A calendar may have at most {MaxCalendarBytes:N0} bytes.");
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxCalendarBytes + 1];
        var text = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > MaxCalendarBytes)
            {
                throw new ApiException(StatusCodes.Status413PayloadTooLarge, "The calendar is too large.", $"A calendar may have at most {MaxCalendarBytes:N0} bytes.");
            }
        }

        return text.Length == 0 ? throw ApiException.Invalid("body", "The calendar JSON is required as the request body.") : text.ToString();
    }
}
