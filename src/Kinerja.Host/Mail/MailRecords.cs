using Kinerja.Engine.Tasks;
using Kinerja.Host.Organization;
using Kinerja.Host.Tasks;

namespace Kinerja.Host.Mail;

/// <summary>Turns rendered mail into the record that is kept and sent.</summary>
public static class MailRecords
{
    /// <summary>The domain part of every Message-Id this host makes.</summary>
    public const string MessageIdDomain = "kinerja-workflows";

    public static MailMessage Create(string id, string kind, Person to, RenderedMail rendered, DateTimeOffset now, HumanTask? task = null)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(rendered);
        return new MailMessage
        {
            Id = id,
            MessageId = StableMessageId(id),
            Kind = kind,
            PersonKey = to.Key,
            ToAddress = to.Email,
            ToName = to.Name,
            Subject = rendered.Subject,
            HtmlBody = rendered.Html,
            TextBody = rendered.Text,
            TaskId = task?.Id,
            InstanceId = task?.InstanceId,
            Status = MailStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>A Message-Id derived from the mail's own id: every retry carries the same one.</summary>
    public static string StableMessageId(string id) =>
        $"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))[..32].ToLowerInvariant()}@{MessageIdDomain}";
}

/// <summary>Fills <see cref="MailModel"/> from a task's description for one recipient.</summary>
public static class MailModels
{
    public static MailModel ForTask(
        string kind, Recipient recipient, TaskDescription description, DateTimeOffset now, string? url, DateTimeOffset? linkExpires, string? holderName)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(description);
        var language = recipient.Person.Culture;
        var left = description.WorkingTimeLeft(now);
        return new MailModel
        {
            Kind = kind,
            RecipientName = recipient.Person.Name,
            ProcessName = description.ProcessName,
            SopNumber = description.SopNumber,
            StepName = description.StepName,
            Instructions = description.Instructions,
            BusinessKey = description.Task.BusinessKey,
            Subject = description.Subject,
            Inputs = description.Inputs.Select(d => new DocumentLine(d.Name, d.Description)).ToList(),
            Outputs = description.Outputs.Select(d => new DocumentLine(d.Name, d.Description)).ToList(),
            TimeStandard = description.Task.TimeStandard is { } standard ? TimeText.TimeStandard(standard, language) : null,
            DueText = description.DueText(language),
            TimeLeftText = left is { } span ? TimeText.Span(span, language) : null,
            Overdue = left is { } l && l < TimeSpan.Zero,
            TaskUrl = url,
            LinkExpiresText = linkExpires is { } expires ? TimeText.Instant(expires, description.Calendar, language) : null,
            HolderName = kind == "task-escalated" ? holderName : null,
            StandsInForName = recipient.StandsInFor?.Name,
            SubstituteKind = recipient.Absence?.Kind.ToString(),
        };
    }
}
