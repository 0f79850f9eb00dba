using Kinerja.Engine.Tasks;
using Kinerja.Host.Data;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Admin;

/// <summary>Who holds a task, in names people know: the assignee's name, or the roles and people it is offered to.</summary>
public sealed class TaskHolders
{
    private readonly Dictionary<string, string> _people;
    private readonly Dictionary<string, string> _roles;

    private TaskHolders(Dictionary<string, string> people, Dictionary<string, string> roles)
    {
        _people = people;
        _roles = roles;
    }

    /// <param name="morePeople">Other people whose names the page shows (e.g. those an officer stands in for).</param>
    public static async Task<TaskHolders> LoadAsync(
        HostDbContextFactory contexts, IEnumerable<HumanTask> tasks, IEnumerable<string>? morePeople = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(tasks);
        var list = tasks.ToList();
        var personKeys = list.SelectMany(t => t.CandidateUsers.Append(t.Assignee ?? string.Empty).Append(t.CompletedBy ?? string.Empty))
            .Concat(morePeople ?? [])
            .Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var groups = list.SelectMany(t => t.CandidateGroups).Distinct(StringComparer.Ordinal).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = await db.People.AsNoTracking().Where(p => personKeys.Contains(p.Key)).ToDictionaryAsync(p => p.Key, p => p.Name, cancellationToken);
        var roles = await db.OrgRoles.AsNoTracking().Where(r => groups.Contains(r.Group)).ToDictionaryAsync(r => r.Group, r => r.Name, cancellationToken);
        return new TaskHolders(people, roles);
    }

    public string PersonName(string? key) => key is null ? "–" : _people.TryGetValue(key, out var name) ? name : key;

    public string RoleName(string group) => _roles.TryGetValue(group, out var name) ? name : group;

    /// <summary>The assignee's name, or the candidate roles and people, e.g. "Kabag Organisasi (kabag-organisasi)".</summary>
    public string Holder(HumanTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Assignee is { } assignee)
        {
            return $"{PersonName(assignee)} ({assignee})";
        }

        return string.Join(", ", task.CandidateGroups.Select(g => $"{RoleName(g)} ({g})").Concat(task.CandidateUsers.Select(u => $"{PersonName(u)} ({u})")));
    }
}
