namespace Kinerja.Host.Mail;

public enum MailStatus
{
    Pending,
    Sent,
}

/// <summary>
/// A mail as composed and recorded before any attempt to send it. <see cref="Id"/> comes from what caused it
/// (notification id + recipient), so the same cause never makes a second mail; <see cref="MessageId"/> is stable
/// across retries.
/// </summary>
public sealed class MailMessage
{
    public required string Id { get; set; }
    public required string MessageId { get; set; }
    public required string Kind { get; set; }
    public string? PersonKey { get; set; }
    public required string ToAddress { get; set; }
    public required string ToName { get; set; }
    public required string Subject { get; set; }
    public required string HtmlBody { get; set; }
    public required string TextBody { get; set; }
    public string? TaskId { get; set; }
    public Guid? InstanceId { get; set; }
    public MailStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>While an attempt runs, no other worker takes the mail before this instant.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Where it went: "smtp" or "pickup".</summary>
    public string? SentVia { get; set; }

    public string? LastError { get; set; }
}
