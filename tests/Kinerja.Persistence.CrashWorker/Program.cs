using System.Globalization;
using System.Text;
using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Timers;
using Kinerja.Persistence.Providers;

namespace Kinerja.Persistence.CrashWorker;

/// <summary>
/// <c>CrashWorker &lt;db-path&gt; &lt;seed&gt;</c>: migrates the file, deploys <see cref="FourSteps"/>, then runs
/// <see cref="Loops"/> concurrent loops that start instances and complete their tasks one by one, for ever.
/// Each command is printed as an <c>ACK …</c> line only after its await returned, i.e. after the store
/// acknowledged it; the crash test kills this process with SIGKILL and holds the file to those lines.
/// </summary>
internal static class Program
{
    private const int Loops = 4;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 2 || !int.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
        {
            await Console.Error.WriteLineAsync("usage: CrashWorker <db-path> <seed>");
            return 2;
        }

        var contexts = new KinerjaDbContextFactory(DatabaseSettings.SqliteFile(args[0]));
        await contexts.MigrateAsync();

        // Never disposed: the only way this process ends is being killed.
        var store = new EfWorkflowStore(contexts);
        var engine = new WorkflowEngine(
            store, new VirtualTimerScheduler(), new NoNotifications(), TimeProvider.System, new WorkingCalendarProvider(BulelengCalendar.Create()));
        var deployed = await engine.DeployAsync(FourSteps.Xml, "four.bpmn", "crash-worker");
        if (!deployed.Succeeded)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, deployed.Problems));
            return 3;
        }

        var acks = new AckWriter(Console.OpenStandardOutput());
        await Task.WhenAll(Enumerable.Range(0, Loops).Select(loop => Task.Run(() => RunLoopAsync(engine, acks, seed, loop))));
        return 0;
    }

    /// <summary>One client: an instance at a time, started and then walked through its four tasks.</summary>
    private static async Task RunLoopAsync(WorkflowEngine engine, AckWriter acks, int seed, int loop)
    {
        for (var n = 0; ; n++)
        {
            var businessKey = string.Create(CultureInfo.InvariantCulture, $"bk-{seed}-{loop}-{n}");
            var instance = await engine.StartAsync(FourSteps.ProcessKey, businessKey: businessKey, startedBy: "crash-worker", idempotencyKey: FourSteps.StartKey(businessKey));
            acks.Write($"ACK start {instance.Id:D} {businessKey}");

            while ((await engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items is [var task, ..])
            {
                await engine.CompleteTaskAsync(task.Id, "crash-worker", idempotencyKey: FourSteps.CompleteKey(task.Id));
                acks.Write($"ACK complete {instance.Id:D} {task.ElementId} {task.Id}");
            }
        }
    }

    /// <summary>Writes each line to stdout as one write of the whole line, so a kill never leaves half a line behind.</summary>
    private sealed class AckWriter(Stream stdout)
    {
        private readonly Lock _gate = new();

        public void Write(string line)
        {
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            lock (_gate)
            {
                stdout.Write(bytes);
                stdout.Flush();
            }
        }
    }

    private sealed class NoNotifications : INotificationSink
    {
        public Task PublishAsync(Notification notification, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
