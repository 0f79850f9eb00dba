using System.Text.Json.Nodes;

namespace Kinerja.Engine.ServiceTasks;

/// <summary>What a service or send task hands its handler.</summary>
public sealed record ServiceTaskContext(
    Guid InstanceId,
    string? BusinessKey,
    string ElementId,
    string? ElementName,
    IReadOnlyDictionary<string, JsonNode?> Parameters,
    IReadOnlyDictionary<string, JsonNode?> Variables,
    DateTimeOffset Now)
{
    /// <summary>
    /// Puts a <see cref="Notifications.NotificationKind.Message"/> into the command's outbox: it reaches the host only
    /// if the command commits, under an id that is the same when the command is retried.
    /// </summary>
    public Action<IReadOnlyDictionary<string, string>> SendMessage { get; init; } = _ => throw new NotSupportedException("This context cannot send messages.");
}

/// <summary>
/// Code run by a service or send task whose <c>camunda:topic</c> is <see cref="Topic"/>. It runs inside the
/// command's unit of work: it must not do slow or irreversible I/O itself, but return variables (and leave
/// sending to the notification outbox), so that a command that rolls back leaves nothing behind.
/// </summary>
public interface IServiceTaskHandler
{
    string Topic { get; }

    /// <summary>Returns variables to set on the instance, or null.</summary>
    ValueTask<IReadOnlyDictionary<string, JsonNode?>?> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken);
}

/// <summary>The handlers known to the engine, by topic.</summary>
public sealed class ServiceTaskRegistry
{
    private readonly Dictionary<string, IServiceTaskHandler> _handlers = new(StringComparer.Ordinal);

    public ServiceTaskRegistry(IEnumerable<IServiceTaskHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        foreach (var handler in handlers)
        {
            if (!_handlers.TryAdd(handler.Topic, handler))
            {
                throw new ArgumentException($"Two service task handlers are registered for the topic '{handler.Topic}'.", nameof(handlers));
            }
        }
    }

    public ServiceTaskRegistry()
        : this([])
    {
    }

    public IReadOnlyCollection<string> Topics => _handlers.Keys;

    public bool TryGet(string topic, out IServiceTaskHandler handler) => _handlers.TryGetValue(topic, out handler!);
}
