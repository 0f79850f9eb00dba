namespace Kinerja.Engine.Notifications;

/// <summary>A notification port that keeps what it is given: for tests and the CLI's dry run.</summary>
public sealed class RecordingNotificationSink : INotificationSink
{
    private readonly Lock _gate = new();
    private readonly List<Notification> _published = [];

    public IReadOnlyList<Notification> Published
    {
        get
        {
            lock (_gate)
            {
                return _published.ToList();
            }
        }
    }

    public Task PublishAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        lock (_gate)
        {
            _published.Add(notification);
        }

        return Task.CompletedTask;
    }
}
