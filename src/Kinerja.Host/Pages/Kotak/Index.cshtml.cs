using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Admin;
using Kinerja.Host.Data;
using Kinerja.Host.Organization;
using Kinerja.Host.Security;
using Kinerja.Host.Tasks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Kotak;

/// <summary>A task in the inbox, and whose it is when the officer holds it as Plh/Plt.</summary>
public sealed record InboxRow(TaskDescription Task, Absence? AsSubstituteFor, string? Via);

/// <summary>
/// The officer's inbox: tasks assigned to them (and to those they stand in for today), tasks offered to their
/// roles (and to the roles of those they stand in for) that nobody has claimed, and the overdue ones among both.
/// </summary>
public sealed class IndexModel(
    WorkflowEngine engine,
    TaskDescriber describer,
    TaskActions actions,
    OrganizationDirectory directory,
    HostDbContextFactory contexts,
    UserManager<KinerjaUser> users,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    public const string TabMine = "saya";
    public const string TabRoles = "peran";
    public const string TabOverdue = "terlambat";
    public const int MaxPerList = 200;

    [BindProperty(SupportsGet = true, Name = "tab")]
    public string? Tab { get; set; }

    [TempData]
    public string? Problem { get; set; }

    public Person? Person { get; private set; }
    public bool NoPerson { get; private set; }
    public IReadOnlyList<Absence> StandingInFor { get; private set; } = [];
    public IReadOnlyList<InboxRow> Mine { get; private set; } = [];
    public IReadOnlyList<InboxRow> RoleTasks { get; private set; } = [];
    public IReadOnlyList<InboxRow> Overdue { get; private set; } = [];
    public TaskHolders? Holders { get; private set; }

    public IReadOnlyList<InboxRow> Shown => Tab switch
    {
        TabRoles => RoleTasks,
        TabOverdue => Overdue,
        _ => Mine,
    };

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Tab = Tab is TabRoles or TabOverdue ? Tab : TabMine;
        if (await PersonKeyAsync() is not { } me)
        {
            return;
        }

        Person = await directory.FindAsync(me, cancellationToken);
        StandingInFor = await directory.StandingInForAsync(me, cancellationToken);
        var mine = new List<(HumanTask Task, Absence? For, string? Via)>();
        foreach (var task in await QueryAsync(new TaskQuery { Assignee = me }, cancellationToken))
        {
            mine.Add((task, null, null));
        }

        foreach (var absence in StandingInFor)
        {
            foreach (var task in await QueryAsync(new TaskQuery { Assignee = absence.PersonKey }, cancellationToken))
            {
                mine.Add((task, absence, null));
            }
        }

        var offered = new List<(HumanTask Task, Absence? For, string? Via)>();
        var myGroups = await directory.GroupsOfAsync(me, cancellationToken);
        await AddOfferedAsync(offered, me, myGroups, null, cancellationToken);
        foreach (var absence in StandingInFor)
        {
            var theirGroups = (await directory.GroupsOfAsync(absence.PersonKey, cancellationToken)).Except(myGroups, StringComparer.Ordinal).ToList();
            await AddOfferedAsync(offered, absence.PersonKey, theirGroups, absence, cancellationToken);
        }

        var all = mine.Concat(offered).Select(t => t.Task).ToList();
        Holders = await TaskHolders.LoadAsync(contexts, all, StandingInFor.Select(a => a.PersonKey), cancellationToken);
        Mine = await DescribeAsync(Distinct(mine), cancellationToken);
        RoleTasks = await DescribeAsync(Distinct(offered), cancellationToken);
        var now = Now;
        Overdue = Mine.Concat(RoleTasks).Where(r => r.Task.Task.DueAt < now).OrderBy(r => r.Task.Task.DueAt).ToList();
    }

    public async Task<IActionResult> OnPostClaimAsync(string? taskId, CancellationToken cancellationToken)
    {
        if (await PersonKeyAsync() is not { } me)
        {
            return Page();
        }

        var task = string.IsNullOrWhiteSpace(taskId) ? null : await engine.Store.FindTaskAsync(taskId, cancellationToken);
        if (task is null)
        {
            Problem = Text["Inbox.TaskNotFound", taskId ?? string.Empty];
            return Redirect("/kotak?tab=" + TabRoles);
        }

        var entitlement = await actions.EntitlementAsync(task, me, cancellationToken);
        if (!entitlement.Allowed)
        {
            Problem = task.IsOpen && task.Assignee is { } holder ? Text["Inbox.ClaimedBy", holder] : Text["Inbox.NotYours"];
            return Redirect("/kotak?tab=" + TabRoles);
        }

        try
        {
            await engine.ClaimTaskAsync(task.Id, me, cancellationToken);
        }
        catch (EngineException ex)
        {
            Problem = ex.Message;
            return Redirect("/kotak?tab=" + TabRoles);
        }
        catch (ConcurrencyException)
        {
            Problem = Text["Engine.ChangedMeanwhile"];
            return Redirect("/kotak?tab=" + TabRoles);
        }

        Notice = Text["Inbox.Claimed", task.Name];
        return Redirect($"/kotak/{Uri.EscapeDataString(task.Id)}");
    }

    private async Task<string?> PersonKeyAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user?.PersonKey is { Length: > 0 } key)
        {
            return key;
        }

        NoPerson = true;
        return null;
    }

    private async Task AddOfferedAsync(List<(HumanTask, Absence?, string?)> offered, string personKey, IReadOnlyList<string> groups, Absence? absence, CancellationToken cancellationToken)
    {
        if (groups.Count > 0)
        {
            foreach (var task in await QueryAsync(new TaskQuery { CandidateGroups = groups }, cancellationToken))
            {
                offered.Add((task, absence, task.CandidateGroups.FirstOrDefault(groups.Contains)));
            }
        }

        foreach (var task in await QueryAsync(new TaskQuery { CandidateUser = personKey }, cancellationToken))
        {
            offered.Add((task, absence, null));
        }
    }

    private async Task<IReadOnlyList<HumanTask>> QueryAsync(TaskQuery query, CancellationToken cancellationToken) =>
        (await engine.QueryTasksAsync(query with { Take = MaxPerList }, cancellationToken)).Items;

    private static IEnumerable<(HumanTask Task, Absence? For, string? Via)> Distinct(IEnumerable<(HumanTask Task, Absence? For, string? Via)> tasks) =>
        tasks.GroupBy(t => t.Task.Id, StringComparer.Ordinal).Select(g => g.OrderBy(t => t.For is null ? 0 : 1).First());

    private async Task<IReadOnlyList<InboxRow>> DescribeAsync(IEnumerable<(HumanTask Task, Absence? For, string? Via)> tasks, CancellationToken cancellationToken)
    {
        var rows = new List<InboxRow>();
        foreach (var (task, absence, via) in tasks.OrderBy(t => t.Task.DueAt ?? DateTimeOffset.MaxValue).ThenBy(t => t.Task.CreatedAt))
        {
            rows.Add(new InboxRow(await describer.DescribeAsync(task, cancellationToken), absence, via));
        }

        return rows;
    }
}
