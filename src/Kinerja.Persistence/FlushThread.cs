using System.Runtime.CompilerServices;

namespace Kinerja.Persistence;

/// <summary>
/// A thread of its own for work that waits for the disk: <see cref="LogFlusher"/>'s flushes of SQLite's log, 0.1 to 30 ms
/// each on the machines measured. On a thread-pool thread that wait takes one of the threads the pool keeps busy, one per
/// core: on two cores, a core stood idle for the whole flush while requests queued (docs/benchmarks.md, session 17). Here
/// the pool's threads go on with the requests while this thread waits.
/// </summary>
internal sealed class FlushThread : IDisposable
{
    private readonly Queue<(Action Work, TaskCompletionSource Done)> _queue = new();
    private bool _stopping;

    public FlushThread(string name)
    {
        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Runs <paramref name="work"/> on this thread, after what was handed over before it.</summary>
    public Task RunAsync(Action work)
    {
        // Continuations run on this thread, where the task is completed (no RunContinuationsAsynchronously).
        var done = new TaskCompletionSource();
        lock (_queue)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _queue.Enqueue((work, done));
            Monitor.Pulse(_queue);
        }

        return done.Task;
    }

    // Compiled optimised from the start: the loop never returns, so tiered compilation would run it as tier-0 code until
    // its loop counter asked for an on-stack replacement, compiled on this thread while the commits wait for it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run()
    {
        while (true)
        {
            (Action Work, TaskCompletionSource Done) next;
            lock (_queue)
            {
                while (_queue.Count == 0)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    Monitor.Wait(_queue);
                }

                next = _queue.Dequeue();
            }

            Exception? failure = null;
            try
            {
                next.Work();
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            if (failure is null)
            {
                next.Done.SetResult();
            }
            else
            {
                next.Done.SetException(failure);
            }
        }
    }

    /// <summary>Lets the thread end once what was handed over is done.</summary>
    public void Dispose()
    {
        lock (_queue)
        {
            _stopping = true;
            Monitor.Pulse(_queue);
        }
    }
}
