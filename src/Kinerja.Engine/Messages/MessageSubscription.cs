namespace Kinerja.Engine.Messages;

/// <summary>An instance waiting for a message by name and correlation key.</summary>
public sealed class MessageSubscription
{
    public required string Id { get; init; }
    public required Guid InstanceId { get; init; }
    public required string MessageName { get; init; }
    public string? CorrelationKey { get; init; }
    public required string ExecutionId { get; init; }
    public required string ElementId { get; init; }
}
