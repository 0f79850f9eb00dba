namespace Kinerja.Host.Security;

/// <summary>A key another system calls the API with; only its SHA-256 is kept.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters of the key, shown so admins can tell keys apart.</summary>
    public required string Prefix { get; set; }

    public required string KeyHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
