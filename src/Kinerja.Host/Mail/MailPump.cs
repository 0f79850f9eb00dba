using System.Threading.Channels;

namespace Kinerja.Host.Mail;

/// <summary>
/// Sends recorded mail from this process as soon as it is recorded, instead of through a Hangfire job that a worker
/// would only take on its next poll of the queue (up to a polling interval later). Only where the Hangfire server runs;
/// what it has not sent when the host stops (or a crash loses) is still pending in the mail table, where the minutely
/// sweep finds it, and a failed attempt is retried by the job <see cref="MailSender"/> schedules, as before.
/// </summary>
public sealed partial class MailPump(MailSender sender, ILogger<MailPump> logger) : BackgroundService
{
    /// <summary>Mails sent at once (each on its own SMTP connection).</summary>
    private const int Senders = 4;

    private readonly Channel<string> _mail = Channel.CreateUnbounded<string>();
    private volatile bool _running;

    /// <summary>Queues a recorded mail for sending now; false when the pump is not running (the caller enqueues a job).</summary>
    public bool TryPost(string mailId) => _running && _mail.Writer.TryWrite(mailId);

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
        await foreach (var mailId in _mail.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await sender.SendAsync(mailId, stoppingToken);
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
