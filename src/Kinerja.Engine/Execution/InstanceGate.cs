namespace Kinerja.Engine.Execution;

/// <summary>
/// Lets the commands of one engine work on an instance one at a time, each from its load until its commit is durable.
/// Without it, commands on one instance at the same moment (42 SKPDs answering step 2 together) all start from the same
/// revision, all but one lose the race at the commit, run again and lose again, until some give up. With it they queue,
/// and each starts from its predecessor's commit. Other hosts on the same database are not seen here: between them the
/// store's revision check still decides, and the loser runs again.
/// </summary>
internal sealed class InstanceGate
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Turnstile> _turnstiles = [];

    /// <summary>Instances some command holds or waits for.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _turnstiles.Count;
            }
        }
    }

    /// <summary>
    /// Waits up to <paramref name="wait"/> for the instance's turn; null when it did not come (the command then goes ahead
    /// on its own, and the revision check decides). The lease lets the next command in when disposed.
    /// </summary>
    public async Task<IDisposable?> EnterAsync(Guid instanceId, TimeSpan wait, CancellationToken cancellationToken)
    {
        Turnstile turnstile;
        lock (_gate)
        {
            if (!_turnstiles.TryGetValue(instanceId, out turnstile!))
            {
                turnstile = new Turnstile(this, instanceId);
                _turnstiles.Add(instanceId, turnstile);
            }

            turnstile.Users++;
        }

        var entered = false;
        try
        {
            entered = await turnstile.Semaphore.WaitAsync(wait, cancellationToken);
        }
        finally
        {
            if (!entered)
            {
                turnstile.Leave(release: false);
            }
        }

        return entered ? new Lease(turnstile) : null;
    }

    private sealed class Turnstile(InstanceGate gate, Guid instanceId) : IDisposable
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        /// <summary>Commands holding or waiting for it; guarded by the gate's lock.</summary>
        public int Users { get; set; }

        public void Leave(bool release)
        {
            if (release)
            {
                Semaphore.Release();
            }

            lock (gate._gate)
            {
                if (--Users == 0)
                {
                    gate._turnstiles.Remove(instanceId);
                    Dispose();
                }
            }
        }

        public void Dispose() => Semaphore.Dispose();
    }

    private sealed class Lease(Turnstile turnstile) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                turnstile.Leave(release: true);
            }
        }
    }
}
