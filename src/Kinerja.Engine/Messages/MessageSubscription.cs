namespace Kinerja.Engine.Messages;

/// <summary>An instance waiting for a message by name and correlation key.</summary>
public sealed class MessageSubscription
{
    public string Id { get; set; } = "";
    public Guid InstanceId { get; set; }
    public string MessageName { get; set; } = "";
    public string? CorrelationKey { get; set; }
    public string ExecutionId { get; set; } = "";
    public string ElementId { get; set; } = "";

    /// <summary>A copy of this subscription (every member is a value or a string).</summary>
    public MessageSubscription DeepCopy() => (MessageSubscription)MemberwiseClone();
}
