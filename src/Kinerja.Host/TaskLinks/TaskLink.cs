namespace Kinerja.Host.TaskLinks;

/// <summary>A task link as stored: only the SHA-256 of its token, bound to one task and one person.</summary>
public sealed class TaskLink
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the token, hex. The token itself exists only in the mail.</summary>
    public required string TokenHash { get; set; }

    public required string TaskId { get; set; }
    public required string PersonKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
}
