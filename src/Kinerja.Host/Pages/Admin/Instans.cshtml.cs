using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Storage;
using Kinerja.Host.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin;

/// <summary>Process instances, newest first, filtered by process, status and business key, a page at a time.</summary>
public sealed class InstansModel(
    WorkflowEngine engine,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public const int PageSize = 25;
    public const string AllStatuses = "semua";

    [BindProperty(SupportsGet = true, Name = "proses")]
    public string? Process { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "kunci")]
    public string? BusinessKey { get; set; }

    [BindProperty(SupportsGet = true, Name = "halaman")]
    public int PageNumber { get; set; } = 1;

    public InstancePage Result { get; private set; } = new([], 0);
    public IReadOnlyDictionary<string, string> ProcessNames { get; private set; } = new Dictionary<string, string>();
    public int PageCount => Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        ProcessNames = (await engine.ListDefinitionsAsync(null, cancellationToken))
            .GroupBy(d => d.ProcessKey)
            .ToDictionary(g => g.Key, g => g.MaxBy(d => d.Version)!.Name ?? g.Key, StringComparer.Ordinal);
        InstanceStatus? status = InstanceStatus.Running;
        if (string.Equals(Status, AllStatuses, StringComparison.OrdinalIgnoreCase))
        {
            status = null;
        }
        else if (!string.IsNullOrWhiteSpace(Status))
        {
            if (Enum.TryParse<InstanceStatus>(Status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                status = parsed;
            }
            else
            {
                ModelState.AddModelError("status", Text["Instances.BadStatus", Status]);
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }

        Status = status?.ToString() ?? AllStatuses;
        if (!string.IsNullOrWhiteSpace(Process) && !ProcessNames.ContainsKey(Process.Trim()))
        {
            ModelState.AddModelError("proses", Text["Error.UnknownProcess", Process]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        PageNumber = Math.Max(1, PageNumber);
        Result = await engine.QueryInstancesAsync(new InstanceQuery
        {
            ProcessKey = OrganizationAdmin.Trim(Process),
            Status = status,
            BusinessKey = OrganizationAdmin.Trim(BusinessKey),
            Skip = (PageNumber - 1) * PageSize,
            Take = PageSize,
        }, cancellationToken);
    }

    public string PageLink(int page) =>
        $"/admin/instans?proses={Uri.EscapeDataString(Process ?? "")}&status={Uri.EscapeDataString(Status ?? "")}&kunci={Uri.EscapeDataString(BusinessKey ?? "")}&halaman={page}";
}
