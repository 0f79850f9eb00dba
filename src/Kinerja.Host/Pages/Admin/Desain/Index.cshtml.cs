using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Host.Admin;
using Kinerja.Host.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin.Desain;

/// <summary>The SOPs an admin can open in the designer: every deployed process and every draft not yet published.</summary>
public sealed class IndexModel(
    WorkflowEngine engine,
    HostDbContextFactory contexts,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public sealed record Row(string ProcessKey, string? Name, int? Version, DateTimeOffset? DraftSavedAt, string? DraftSavedBy);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var latest = (await engine.ListDefinitionsAsync(null, cancellationToken))
            .GroupBy(d => d.ProcessKey)
            .ToDictionary(g => g.Key, g => g.MaxBy(d => d.Version)!);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var drafts = await db.Drafts.AsNoTracking().ToDictionaryAsync(d => d.ProcessKey, cancellationToken);
        Rows = latest.Keys.Union(drafts.Keys)
            .Order(StringComparer.Ordinal)
            .Select(key => new Row(
                key,
                latest.GetValueOrDefault(key)?.Name,
                latest.GetValueOrDefault(key)?.Version,
                drafts.GetValueOrDefault(key)?.SavedAt,
                drafts.GetValueOrDefault(key)?.SavedBy))
            .ToList();
    }
}
