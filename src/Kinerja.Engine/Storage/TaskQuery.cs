using Kinerja.Engine.Tasks;

namespace Kinerja.Engine.Storage;

/// <summary>An inbox query. Every filter given must hold; the page is ordered by due instant, then creation.</summary>
public sealed record TaskQuery
{
    public string? Assignee { get; init; }

    /// <summary>Open tasks offered to any of these groups (roles, SKPDs) and not yet assigned.</summary>
    public IReadOnlyList<string>? CandidateGroups { get; init; }

    /// <summary>Open tasks offered to this person by name and not yet assigned.</summary>
    public string? CandidateUser { get; init; }
    public Guid? InstanceId { get; init; }
    public string? ProcessKey { get; init; }
    public string? ElementId { get; init; }
    public DateTimeOffset? DueBefore { get; init; }
    public HumanTaskStatus? Status { get; init; } = HumanTaskStatus.Open;
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

public sealed record TaskPage(IReadOnlyList<HumanTask> Items, int Total);
