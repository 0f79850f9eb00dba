namespace Kinerja.Host.Mail;

/// <summary>What a mail template may show. Registered with Fluid member by member; nothing else is reachable.</summary>
public sealed record MailModel
{
    /// <summary>task-created, task-assigned, task-reminder, task-due, task-escalated, digest, message.</summary>
    public required string Kind { get; init; }
    public required string RecipientName { get; init; }
    public string? ProcessName { get; init; }
    public string? SopNumber { get; init; }
    public string? StepName { get; init; }
    public string? Instructions { get; init; }
    public string? BusinessKey { get; init; }

    /// <summary>What the task is about beside its step, e.g. the SKPD of one fan-out branch.</summary>
    public string? Subject { get; init; }
    public IReadOnlyList<DocumentLine> Inputs { get; init; } = [];
    public IReadOnlyList<DocumentLine> Outputs { get; init; } = [];
    public string? TimeStandard { get; init; }
    public string? DueText { get; init; }
    public string? TimeLeftText { get; init; }
    public bool Overdue { get; init; }
    public string? TaskUrl { get; init; }
    public string? LinkExpiresText { get; init; }

    /// <summary>For escalations: who has the overdue task.</summary>
    public string? HolderName { get; init; }

    /// <summary>Set when the recipient gets this as Plh/Plt of an absent officer.</summary>
    public string? StandsInForName { get; init; }
    public string? SubstituteKind { get; init; }
    public IReadOnlyList<DigestLine> Tasks { get; init; } = [];

    /// <summary>For a send task's message: its own subject and text.</summary>
    public string? MessageSubject { get; init; }
    public string? MessageBody { get; init; }
    public int OverdueCount { get; init; }
}

public sealed record DocumentLine(string Name, string? Description);

public sealed record DigestLine(string StepName, string? ProcessName, string? Subject, string? DueText, bool Overdue, string? Url);
