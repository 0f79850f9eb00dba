using Kinerja.Host.Configuration;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Kinerja.Host.Mail;

/// <summary>Where composed mail goes: an SMTP server (MailKit), or a pickup folder of <c>.eml</c> files.</summary>
public interface IMailTransport
{
    /// <summary>"smtp" or "pickup", recorded with each sent mail.</summary>
    string Name { get; }

    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

public sealed class SmtpMailTransport(IOptions<KinerjaSettings> settings) : IMailTransport
{
    public string Name => "smtp";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var mail = settings.Value.Mail;
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(string.IsNullOrWhiteSpace(mail.SmtpHost) ? throw new InvalidOperationException("Kinerja:Mail:SmtpHost is not set.") : mail.SmtpHost, mail.SmtpPort, Enum.Parse<SecureSocketOptions>(mail.SmtpSecurity, ignoreCase: true), cancellationToken);
        if (!string.IsNullOrEmpty(mail.SmtpUser))
        {
            await client.AuthenticateAsync(mail.SmtpUser, mail.SmtpPassword, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    /// <summary>Connects and says NOOP: for the health check.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var mail = settings.Value.Mail;
        using var client = new SmtpClient { Timeout = 5_000 };
        await client.ConnectAsync(string.IsNullOrWhiteSpace(mail.SmtpHost) ? throw new InvalidOperationException("Kinerja:Mail:SmtpHost is not set.") : mail.SmtpHost, mail.SmtpPort, Enum.Parse<SecureSocketOptions>(mail.SmtpSecurity, ignoreCase: true), cancellationToken);
        await client.NoOpAsync(cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>Writes each mail as <c>{id}.eml</c> into a folder: the embedded default when no SMTP server is set.</summary>
public sealed class PickupFolderTransport(string folder) : IMailTransport
{
    public string Folder { get; } = Directory.CreateDirectory(folder).FullName;

    public string Name => "pickup";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Split(Path.GetInvalidFileNameChars())).Replace('@', '_');
        var path = Path.Combine(Folder, name + ".eml");
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
