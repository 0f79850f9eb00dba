using Kinerja.Engine.Calendar;
using Kinerja.Host.Admin;
using Kinerja.Host.Data;
using Kinerja.Host.Organization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinerja.Host.Pages.Admin;

/// <summary>A role (candidate group) with its members.</summary>
public sealed record RoleRow(Role Role, IReadOnlyList<Person> Members);

/// <summary>Roles (the candidate groups of the SOPs) and who is in them: create a role, add and remove members.</summary>
public sealed class PeranModel(
    HostDbContextFactory contexts,
    IStringLocalizer<AdminResource> text,
    TimeProvider clock,
    IWorkingCalendarProvider calendars) : AdminPageBase(text, clock, calendars)
{
    [BindProperty]
    public string? Group { get; set; }

    [BindProperty]
    public string? RoleName { get; set; }

    [BindProperty]
    public string? Member { get; set; }

    public IReadOnlyList<RoleRow> Rows { get; private set; } = [];
    public IReadOnlyList<Person> People { get; private set; } = [];

    /// <summary>The role whose member form failed, so its message shows beside it.</summary>
    public string? FailedGroup { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var result = await Admin().CreateRoleAsync(Group, RoleName, cancellationToken);
        return await AfterAsync(result, Text["Roles.Created", Group ?? string.Empty], null, cancellationToken);
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var result = await Admin().AddMemberAsync(Group, Member, cancellationToken);
        return await AfterAsync(result, Text["Roles.MemberAdded", Member ?? string.Empty, Group ?? string.Empty], Group, cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        var result = await Admin().RemoveMemberAsync(Group, Member, cancellationToken);
        return await AfterAsync(result, Text["Roles.MemberRemoved", Member ?? string.Empty, Group ?? string.Empty], Group, cancellationToken);
    }

    private OrganizationAdmin Admin() => new(contexts, Clock);

    private async Task<IActionResult> AfterAsync(AdminResult result, string notice, string? group, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            Notice = notice;
            return Redirect(group is null ? "/admin/peran" : $"/admin/peran#{Uri.EscapeDataString(group)}");
        }

        FailedGroup = group;
        AddErrors(result.Errors);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var roles = await db.OrgRoles.AsNoTracking().OrderBy(r => r.Group).ToListAsync(cancellationToken);
        var members = await db.RoleMembers.AsNoTracking().ToListAsync(cancellationToken);
        People = await db.People.AsNoTracking().OrderBy(p => p.Key).ToListAsync(cancellationToken);
        var byKey = People.ToDictionary(p => p.Key, StringComparer.Ordinal);
        Rows = roles.Select(r => new RoleRow(r, members.Where(m => m.Group == r.Group)
            .Select(m => byKey.GetValueOrDefault(m.PersonKey) ?? new Person { Key = m.PersonKey, Name = m.PersonKey, Email = string.Empty })
            .OrderBy(p => p.Key, StringComparer.Ordinal).ToList())).ToList();
    }
}
