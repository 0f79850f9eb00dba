namespace Kinerja.Engine.Deployment;

/// <summary>One version of one process, as stored. Immutable once deployed.</summary>
public sealed record DeployedDefinition(
    string ProcessKey,
    int Version,
    string? Name,
    string Xml,
    string ContentHash,
    string? SourceName,
    DateTimeOffset DeployedAt,
    string? DeployedBy)
{
    /// <summary>The id instances refer to: <c>key:version</c>.</summary>
    public string Id => FormatId(ProcessKey, Version);

    public static string FormatId(string processKey, int version) => $"{processKey}:{version}";
}
