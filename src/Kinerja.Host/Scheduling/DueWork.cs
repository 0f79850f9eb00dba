using Kinerja.Engine;
using Kinerja.Host.Mail;

namespace Kinerja.Host.Scheduling;

/// <summary>
/// Runs, in this process and in order, everything that is due by the host's clock: the outbox, the timers
/// and the mail. Hangfire does the same job by job in production; this is the catch-up path and the way
/// tests move a fake clock without waiting for Hangfire's polling.
/// </summary>
public sealed class DueWork(WorkflowEngine engine, TimerFiring timers, MailSender mail, TimeProvider clock)
{
    /// <summary>Repeats until nothing more is due; returns how many timers fired.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var fired = 0;
        for (var round = 0; round < 10_000; round++)
        {
            await DrainOutboxAsync(cancellationToken);
            var due = await timers.DueAsync(clock.GetUtcNow(), cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            // One at a time, earliest first: a fired timer may cancel or add others.
            await timers.FireAsync(due[0], cancellationToken);
            fired++;
        }

        await DrainOutboxAsync(cancellationToken);
        await mail.SweepAsync(cancellationToken);
        return fired;
    }

    private async Task DrainOutboxAsync(CancellationToken cancellationToken)
    {
        while (await engine.DispatchPendingAsync(500, cancellationToken) > 0)
        {
        }
    }
}
