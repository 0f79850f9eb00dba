namespace Kinerja.Engine.Simulation;

/// <summary>A clock that stands still until it is moved: the simulator's notion of "now".</summary>
public sealed class VirtualClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now;

    public VirtualClock(DateTimeOffset start) => _now = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock to <paramref name="instant"/>; time never runs backwards.</summary>
    public void SetUtcNow(DateTimeOffset instant)
    {
        lock (_gate)
        {
            if (instant < _now)
            {
                throw new ArgumentOutOfRangeException(nameof(instant), instant, $"The clock is at {_now:o}; it cannot go back.");
            }

            _now = instant.ToUniversalTime();
        }
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        SetUtcNow(GetUtcNow() + by);
    }
}
