namespace Kinerja.Host.Documents;

/// <summary>A document an officer attached to a task, kept on disk under its SHA-256.</summary>
public sealed class UploadedDocument
{
    public Guid Id { get; set; }
    public required string TaskId { get; set; }
    public Guid InstanceId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }

    /// <summary>SHA-256 of the content, hex; also the file's name on disk.</summary>
    public required string Sha256 { get; set; }

    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}
