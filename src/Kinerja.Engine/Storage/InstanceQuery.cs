using Kinerja.Engine.Execution;

namespace Kinerja.Engine.Storage;

/// <summary>A listing of instances. Every filter given must hold; newest first.</summary>
public sealed record InstanceQuery
{
    public string? ProcessKey { get; init; }
    public InstanceStatus? Status { get; init; }
    public string? BusinessKey { get; init; }
    public DateTimeOffset? StartedFrom { get; init; }
    public DateTimeOffset? StartedBefore { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

/// <summary>An instance as a list shows it, without its execution state.</summary>
public sealed record InstanceSummary(
    Guid Id, string ProcessKey, string DefinitionId, string? BusinessKey, InstanceStatus Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

public sealed record InstancePage(IReadOnlyList<InstanceSummary> Items, int Total);
