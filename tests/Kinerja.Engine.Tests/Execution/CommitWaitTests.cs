using System.Runtime.CompilerServices;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tests.Support;
using Kinerja.Testing;

namespace Kinerja.Engine.Tests.Execution;

/// <summary>
/// While a command waits for the store to make its commit durable (behind a busy writer, with many other commands),
/// what it built is garbage: only its result and outbox are kept, so a collection in a burst has less to carry.
/// </summary>
public sealed class CommitWaitTests
{
    [Fact]
    public async Task WhileACommitWaitsForTheStore_TheInstanceTheCommandBuilt_IsNoLongerKept()
    {
        var store = new HeldCommitStore();
        var harness = new EngineHarness(store: store);
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="isi" kinerja:timeStandard="PT60M" />
            <bpmn:userTask id="periksa" kinerja:timeStandard="P1D" />
            <bpmn:endEvent id="end" />
            """ + BpmnText.Sequence("isi", "periksa")));
        var instance = await harness.StartAsync("p");
        var task = await harness.SingleTaskAsync(instance.Id, "isi");

        store.HoldNext();
        var completing = harness.Engine.CompleteTaskAsync(task.Id, "operator");
        if (await Task.WhenAny(store.Held.Task, completing).WaitAsync(TimeSpan.FromSeconds(30)) == completing)
        {
            await completing; // it ended without reaching the store: its error tells why
            Assert.Fail("The completion was acknowledged without waiting for its commit.");
        }

        var written = await store.Held.Task;
        Assert.False(completing.IsCompleted);

        CollectEverything();
        Assert.False(written.IsAlive, "The instance the command built is still reachable while its commit waits.");

        store.Release();
        await completing;
        Assert.Equal("periksa", Assert.Single(await harness.OpenTasksAsync(instance.Id)).ElementId);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CollectEverything()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>
    /// The in-memory store, except that the next commit is applied and then acknowledged only on <see cref="Release"/>,
    /// as a busy writer would; it keeps a weak reference to the instance written, nothing more.
    /// </summary>
    private sealed class HeldCommitStore() : DelegatingWorkflowStore(new InMemoryWorkflowStore())
    {
        private TaskCompletionSource? _holdNext;
        private TaskCompletionSource? _holding;

        public TaskCompletionSource<WeakReference> Held { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void HoldNext()
        {
            Held = new TaskCompletionSource<WeakReference>(TaskCreationOptions.RunContinuationsAsynchronously);
            _holdNext = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => _holding?.TrySetResult();

        public override Task CommitAsync(EngineCommit commit, CancellationToken cancellationToken = default)
        {
            var applied = Inner.CommitAsync(commit, cancellationToken);
            if (_holdNext is not { } hold || commit.Instances.Count == 0)
            {
                return applied;
            }

            (_holding, _holdNext) = (hold, null);
            Held.TrySetResult(new WeakReference(commit.Instances[0].Instance));
            return hold.Task;
        }
    }
}
