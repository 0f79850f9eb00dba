using System.Text.Encodings.Web;
using System.Text.Json;
using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Host.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin.Pantau;

/// <summary>The live view of one instance (<c>instans/{id}</c>) or of a process's running instances (<c>definisi/{key}</c>).</summary>
public sealed class LiveModel(
    WorkflowEngine engine,
    Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Default };

    public string Kind { get; private set; } = string.Empty;

    public string Title { get; private set; } = string.Empty;

    public string ConfigJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync(string kind, string id, CancellationToken cancellationToken)
    {
        Kind = kind;
        string stateUrl;
        string xmlUrl;
        if (kind == "instans")
        {
            if (!Guid.TryParse(id, out var instanceId))
            {
                return NotFound();
            }

            ProcessInstance instance;
            try
            {
                instance = await engine.GetInstanceAsync(instanceId, cancellationToken);
            }
            catch (NotFoundException)
            {
                return NotFound();
            }

            Title = $"{instance.ProcessKey} v{instance.DefinitionVersion}{(instance.BusinessKey is null ? string.Empty : " · " + instance.BusinessKey)}";
            stateUrl = $"/api/live/instances/{instanceId}";
            xmlUrl = XmlUrl(instance.ProcessKey, instance.DefinitionVersion);
        }
        else
        {
            var latest = (await engine.ListDefinitionsAsync(id, cancellationToken)).MaxBy(d => d.Version);
            if (latest is null)
            {
                return NotFound();
            }

            Title = $"{latest.Name ?? latest.ProcessKey} v{latest.Version}";
            stateUrl = $"/api/live/definitions/{Uri.EscapeDataString(id)}?version={latest.Version}";
            xmlUrl = XmlUrl(latest.ProcessKey, latest.Version);
        }

        var tokens = antiforgery.GetAndStoreTokens(HttpContext);
        ConfigJson = JsonSerializer.Serialize(
            new
            {
                xmlUrl,
                stateUrl,
                remindUrl = "/api/live/tasks/{taskId}/remind",
                culture = Lang == "en" ? "en" : "id",
                antiforgery = new { header = tokens.HeaderName ?? "RequestVerificationToken", token = tokens.RequestToken },
            },
            Json);
        return Page();
    }

    private static string XmlUrl(string processKey, int version) => $"/api/definitions/{Uri.EscapeDataString(processKey)}/versions/{version}/xml";
}
