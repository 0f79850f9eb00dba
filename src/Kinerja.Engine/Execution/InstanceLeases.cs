namespace Kinerja.Engine.Execution;

/// <summary>
/// The turns one command attempt holds at the <see cref="InstanceGate"/>, kept apart from its <see cref="CommandContext"/>
/// so that waiting for the commit keeps the leases, not the instances the command built.
/// </summary>
internal sealed class InstanceLeases : IDisposable
{
    private readonly List<IDisposable> _held = [];

    public bool HoldsAny => _held.Count > 0;

    public void Add(IDisposable lease) => _held.Add(lease);

    /// <summary>Lets the next commands in, in the order the instances were entered.</summary>
    public void Dispose()
    {
        foreach (var lease in _held)
        {
            lease.Dispose();
        }

        _held.Clear();
    }
}
