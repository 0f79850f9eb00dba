using Kinerja.Engine.Execution;

namespace Kinerja.Persistence;

/// <summary>
/// Instances as this store last committed them, so the next command on one starts from a copy in memory instead of
/// parsing its stored JSON again (most of a load's cost: for the seed SOP fanned out to 42 SKPDs, 50 KB on every SKPD's
/// completion). A copy is handed out only when the database still holds its revision: another host's commit, or any
/// commit this store did not see through, leaves the database ahead and the copy unused. Each copy is handed out once
/// (a command changes what it loads); the commit that follows puts its own copy back.
/// </summary>
/// <param name="capacity">How much to keep, in parts (an instance, its executions, tasks, timers, subscriptions and variables); 0 keeps nothing.</param>
internal sealed class InstanceCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _oldestFirst = [];
    private long _parts;
    private long _hits;
    private long _misses;

    private sealed record Entry(Guid Id, long Revision, ProcessInstance Copy, int Parts);

    public bool IsEnabled => capacity > 0;

    /// <summary>Loads served from a copy.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Loads that found no copy of the stored revision.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The copy of <paramref name="id"/> at <paramref name="storedRevision"/>, now the caller's alone; null when there is none.</summary>
    public ProcessInstance? Take(Guid id, long storedRevision)
    {
        ProcessInstance? taken = null;
        lock (_gate)
        {
            if (_entries.Remove(id, out var node))
            {
                Forget(node);
                taken = node.Value.Revision == storedRevision ? node.Value.Copy : null;
            }
        }

        Interlocked.Increment(ref taken is null ? ref _misses : ref _hits);
        return taken;
    }

    /// <summary>The copy of <paramref name="id"/>, whatever its revision, now the caller's alone; null when there is none (not counted as a miss: the caller reads the database).</summary>
    public ProcessInstance? TakeAny(Guid id)
    {
        lock (_gate)
        {
            if (!_entries.Remove(id, out var node))
            {
                return null;
            }

            Forget(node);
            Interlocked.Increment(ref _hits);
            return node.Value.Copy;
        }
    }

    /// <summary>Keeps <paramref name="copy"/> (its revision now committed) unless a later revision of it is kept already.</summary>
    public void Keep(ProcessInstance copy)
    {
        var parts = PartsOf(copy);
        if (parts > capacity)
        {
            return;
        }

        lock (_gate)
        {
            if (_entries.Remove(copy.Id, out var kept))
            {
                Forget(kept);
                if (kept.Value.Revision > copy.Revision)
                {
                    Remember(kept.Value);
                    return;
                }
            }

            Remember(new Entry(copy.Id, copy.Revision, copy, parts));
            while (_parts > capacity && _oldestFirst.First is { } oldest)
            {
                _entries.Remove(oldest.Value.Id);
                Forget(oldest);
            }
        }
    }

    private void Remember(Entry entry)
    {
        _entries[entry.Id] = _oldestFirst.AddLast(entry);
        _parts += entry.Parts;
    }

    private void Forget(LinkedListNode<Entry> node)
    {
        _oldestFirst.Remove(node);
        _parts -= node.Value.Parts;
    }

    internal static int PartsOf(ProcessInstance instance) =>
        1 + instance.Executions.Sum(e => 1 + (e.Variables?.Count ?? 0) + (e.LoopItems?.Count ?? 0))
        + instance.Tasks.Sum(t => 1 + t.Context.Count + (t.Result?.Count ?? 0))
        + instance.Timers.Count + instance.MessageSubscriptions.Count;
}
