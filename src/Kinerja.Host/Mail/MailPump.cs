using System.Threading.Channels;
using Kinerja.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Kinerja.Host.Mail;

/// <summary>
/// Sends recorded mail from this process as soon as it is recorded, instead of through a Hangfire job that a worker
/// would only take on its next poll of the queue (up to a polling interval later). Only where the Hangfire server runs;
/// what it has not sent when the host stops (or a crash loses) is still pending in the mail table, where the minutely
/// sweep finds it, and a failed attempt is retried by the job <see cref="MailSender"/> schedules, as before.
/// Mail can be recorded already leased to the pump (<see cref="TryHold"/>): the pump then sends it without taking a lease
/// first, one flushed write fewer per mail; if the process ends first, the lease runs out and the sweep sends it.
/// </summary>
public sealed partial class MailPump(MailSender sender, IOptions<KinerjaSettings> settings, TimeProvider clock, ILogger<MailPump> logger)
    : BackgroundService
{
    /// <summary>Mails sent at once (each on its own SMTP connection).</summary>
    private const int Senders = 4;

    private readonly Channel<(string MailId, DateTimeOffset? HeldUntil)> _mail = Channel.CreateUnbounded<(string, DateTimeOffset?)>();
    private volatile bool _running;

    /// <summary>
    /// The lease to record new mail with, so that this pump sends it without taking one (post it with that lease once it
    /// is committed); null when the pump is not running, and the mail is recorded without a lease.
    /// </summary>
    public DateTimeOffset? TryHold() => _running ? clock.GetUtcNow() + settings.Value.Mail.SendLease : null;

    /// <summary>
    /// Queues a recorded mail for sending now, under the lease it was recorded with (<see cref="TryHold"/>) or none; false
    /// when the pump is not running (the caller enqueues a job; a held mail waits for its lease to run out and the sweep).
    /// </summary>
    public bool TryPost(string mailId, DateTimeOffset? heldUntil = null) => _running && _mail.Writer.TryWrite((mailId, heldUntil));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running = true;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => SendLoopAsync(stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _running = false;
        }
    }

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        await foreach (var (mailId, heldUntil) in _mail.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await sender.SendAsync(mailId, heldUntil, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogSendFailed(logger, mailId, ex); // still pending: the sweep sends it
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending mail {MailId} from the pump failed; the sweep will send it")]
    private static partial void LogSendFailed(ILogger logger, string mailId, Exception exception);
}
