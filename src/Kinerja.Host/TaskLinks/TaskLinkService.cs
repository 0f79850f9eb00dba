using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Kinerja.Host.Configuration;
using Kinerja.Host.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinerja.Host.TaskLinks;

public enum LinkState
{
    Valid,

    /// <summary>No link has this token: mistyped, tampered with, or never issued.</summary>
    Unknown,
    Expired,

    /// <summary>Revoked: the task ended or moved to someone else.</summary>
    Revoked,
}

public sealed record LinkLookup(LinkState State, TaskLink? Link);

/// <summary>Issues and checks task links. A token is 256 random bits; only its SHA-256 is stored.</summary>
public sealed class TaskLinkService(HostDbContextFactory contexts, HostReads reads, TimeProvider clock, IOptions<KinerjaSettings> settings)
{
    private const int TokenBytes = 32;

    /// <summary>A new link for <paramref name="personKey"/> to act on <paramref name="taskId"/>; the token goes into the mail only.</summary>
    public (string Token, TaskLink Link) Create(string taskId, string personKey)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        var now = clock.GetUtcNow();
        var link = new TaskLink
        {
            TokenHash = Hash(token),
            TaskId = taskId,
            PersonKey = personKey,
            CreatedAt = now,
            ExpiresAt = now + settings.Value.Links.Lifetime,
        };
        return (token, link);
    }

    public Uri UrlFor(string token) => new(new Uri(settings.Value.PublicBaseUrl.TrimEnd('/') + "/"), $"tugas/{token}");

    public async Task<LinkLookup> FindAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100 || !Base64Url.IsValid(token))
        {
            return new LinkLookup(LinkState.Unknown, null);
        }

        var link = await reads.LinkAsync(Hash(token), cancellationToken);
        if (link is null)
        {
            return new LinkLookup(LinkState.Unknown, null);
        }

        if (link.RevokedAt is not null)
        {
            return new LinkLookup(LinkState.Revoked, link);
        }

        return link.ExpiresAt <= clock.GetUtcNow() ? new LinkLookup(LinkState.Expired, link) : new LinkLookup(LinkState.Valid, link);
    }

    /// <summary>Revokes every link to the task (all people, or all but <paramref name="exceptPersonKey"/>).</summary>
    public async Task<int> RevokeAsync(string taskId, string reason, string? exceptPersonKey = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.TaskLinks
            .Where(l => l.TaskId == taskId && l.RevokedAt == null && (exceptPersonKey == null || l.PersonKey != exceptPersonKey))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now).SetProperty(l => l.RevokedReason, reason), cancellationToken);
    }

    public async Task RevokeLinkAsync(long linkId, string reason, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.TaskLinks.Where(l => l.Id == linkId && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now).SetProperty(l => l.RevokedReason, reason), cancellationToken);
    }

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
}
