using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Storage;
using Kinerja.Host.Admin;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin.Pantau;

/// <summary>Every deployed SOP with how many of its instances run, each a way into its live view.</summary>
public sealed class IndexModel(
    WorkflowEngine engine,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public sealed record Row(string ProcessKey, string? Name, int Version, int Running);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var rows = new List<Row>();
        foreach (var latest in (await engine.ListDefinitionsAsync(null, cancellationToken)).GroupBy(d => d.ProcessKey).Select(g => g.MaxBy(d => d.Version)!))
        {
            var running = await engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = latest.ProcessKey, Status = InstanceStatus.Running, Take = 1 }, cancellationToken);
            rows.Add(new Row(latest.ProcessKey, latest.Name, latest.Version, running.Total));
        }

        Rows = rows.OrderBy(r => r.ProcessKey, StringComparer.Ordinal).ToList();
    }
}
