using System.Text;
using Kinerja.Engine;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Deployment;
using Kinerja.Host.Admin;
using Kinerja.Host.Configuration;
using Kinerja.Host.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Kinerja.Host.Pages.Admin;

/// <summary>
/// Deployed definitions with all their versions, the XML of each, and deploying a new .bpmn file. A refused
/// file is listed problem by problem (element id and line) and nothing of it is stored.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes)]
[RequestSizeLimit(MaxFormBytes)]
public sealed class DefinisiModel(
    WorkflowEngine engine,
    SopStarter starter,
    IOptions<KinerjaSettings> settings,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    /// <summary>The request limit: room for the largest allowed file (checked on its own) plus the form around it.</summary>
    public const long MaxFormBytes = 64L * 1024 * 1024;

    public static readonly string[] AllowedExtensions = [".bpmn", ".xml"];

    public IReadOnlyList<IGrouping<string, DeployedDefinition>> Definitions { get; private set; } = [];
    public IReadOnlyList<BpmnProblem> Problems { get; private set; } = [];
    public IReadOnlyList<DeployedProcess> Deployed { get; private set; } = [];
    public string? UploadedName { get; private set; }
    public long MaxBpmnBytes => settings.Value.Uploads.MaxBpmnBytes;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(IFormFile? berkas, CancellationToken cancellationToken)
    {
        var refused = Check(berkas);
        if (refused is not null)
        {
            AddErrors([refused]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        UploadedName = Path.GetFileName(berkas!.FileName);
        string xml;
        using (var reader = new StreamReader(berkas.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            xml = await reader.ReadToEndAsync(cancellationToken);
        }

        var result = await engine.DeployAsync(xml, UploadedName, UserName, cancellationToken);
        if (!result.Succeeded)
        {
            Problems = result.Problems;
            ModelState.AddModelError("berkas", Text["Definitions.Refused", UploadedName, result.Problems.Count]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        Deployed = result.Processes;
        Notice = Text["Definitions.Deployed", UploadedName, string.Join(", ", result.Processes.Select(p =>
            $"{p.Definition.ProcessKey} v{p.Definition.Version}{(p.IsNewVersion ? string.Empty : " (" + Text["Definitions.Unchanged"] + ")")}"))];
        return Redirect("/admin/definisi");
    }

    /// <summary>Starts an instance of the latest version; an SOP fanning out to the SKPDs gets all of them.</summary>
    public async Task<IActionResult> OnPostStartAsync(string processKey, string? businessKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(processKey) || (await engine.ListDefinitionsAsync(processKey, cancellationToken)).Count == 0)
        {
            return NotFound();
        }

        var instance = await starter.StartAsync(processKey, string.IsNullOrWhiteSpace(businessKey) ? null : businessKey.Trim(), null, UserName ?? "admin", cancellationToken: cancellationToken);
        Notice = Text["Definitions.Started"];
        return Redirect($"/admin/instans/{instance.Id}");
    }

    private FieldError? Check(IFormFile? file)
    {
        if (file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)))
        {
            return new FieldError("berkas", "Error.Required");
        }

        var extension = Path.GetExtension(file.FileName).ToLowerInvariant();
        if (!AllowedExtensions.Contains(extension, StringComparer.Ordinal))
        {
            return new FieldError("berkas", "Error.BpmnExtension", [extension.Length == 0 ? "–" : extension, string.Join(", ", AllowedExtensions)]);
        }

        if (file.Length == 0)
        {
            return new FieldError("berkas", "Error.EmptyFile");
        }

        return file.Length > MaxBpmnBytes ? new FieldError("berkas", "Error.FileTooLarge", [file.Length, MaxBpmnBytes]) : null;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Definitions = (await engine.ListDefinitionsAsync(null, cancellationToken))
            .OrderBy(d => d.ProcessKey, StringComparer.Ordinal)
            .ThenByDescending(d => d.Version)
            .GroupBy(d => d.ProcessKey)
            .ToList();
    }
}
