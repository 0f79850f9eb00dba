using System.Text.Encodings.Web;
using System.Text.Json;
using Kinerja.Engine.Calendar;
using Kinerja.Host.Admin;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin.Desain;

/// <summary>
/// The designer page: the bpmn-js bundle (ClientApp/src/designer) reads its addresses and the antiforgery token
/// from a JSON block on the page. "baru" opens a new SOP.
/// </summary>
public sealed class EditorModel(
    IAntiforgery antiforgery,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public const string NewSop = "baru";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Default };

    public string ProcessKey { get; private set; } = string.Empty;

    public string ConfigJson { get; private set; } = "{}";

    public void OnGet(string processKey)
    {
        ProcessKey = processKey;
        var tokens = antiforgery.GetAndStoreTokens(HttpContext);
        var key = Uri.EscapeDataString(processKey);
        var calendar = DefaultCalendar.Name;
        ConfigJson = JsonSerializer.Serialize(
            new
            {
                processKey = processKey == NewSop ? null : processKey,
                culture = Lang == "en" ? "en" : "id",
                draftUrl = $"/api/designer/drafts/{key}",
                publishUrl = "/api/designer/publish",
                validateUrl = "/api/designer/validate",
                versionsUrl = $"/api/definitions/{key}/versions",
                versionXmlUrl = $"/api/definitions/{key}/versions/{{version}}/xml",
                duePreviewUrl = $"/api/calendars/{Uri.EscapeDataString(calendar)}/due?start={{start}}&duration={{duration}}&basis={{basis}}",
                rolesUrl = "/api/roles",
                liveUrl = $"/admin/pantau/definisi/{key}",
                antiforgery = new { header = tokens.HeaderName ?? "RequestVerificationToken", token = tokens.RequestToken },
            },
            Json);
    }
}
