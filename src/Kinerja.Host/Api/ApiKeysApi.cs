using Kinerja.Host.Data;
using Kinerja.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Api;

public sealed record CreateApiKeyRequest(string? Name);

public sealed record ApiKeyDto(int Id, string Name, string Prefix, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? RevokedAt);

/// <param name="Key">The key itself: shown this once, kept by the server only as its SHA-256.</param>
public sealed record CreatedApiKeyDto(int Id, string Name, string Prefix, string Key, DateTimeOffset CreatedAt);

/// <summary>API keys for other systems; only a signed-in admin makes, lists and revokes them.</summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/keys").RequireAuthorization(ApiSetup.ApiAdminPolicy).WithTags("API keys").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Makes a key; the response carries it once (kwf_…), the server keeps only its SHA-256.");
        group.MapGet("/", ListAsync).WithSummary("The keys, without secrets: name, prefix, who made them, when revoked.");
        group.MapDelete("/{id:int}", RevokeAsync).WithSummary("Revokes a key: calls with it get 401 from now on.");
        return group;
    }

    private static async Task<Results<Created<CreatedApiKeyDto>, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, HttpContext http, HostDbContextFactory contexts, TimeProvider clock, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            throw ApiException.Invalid("name", "A name of 1 to 100 characters is required; actions with the key are recorded under it.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.ApiKeys.AnyAsync(k => k.Name == name && k.RevokedAt == null, cancellationToken))
        {
            return ApiProblems.Conflict($"A key named '{name}' is in use; revoke it first or choose another name.");
        }

        var caller = await ApiCaller.OfAsync(http);
        var key = ApiAuthentication.NewKey();
        var stored = new ApiKey
        {
            Name = name,
            Prefix = key[..ApiAuthentication.ShownPrefixLength],
            KeyHash = ApiAuthentication.Hash(key),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = caller.Actor,
        };
        db.ApiKeys.Add(stored);
        await db.SaveChangesAsync(cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/keys/{stored.Id}", new CreatedApiKeyDto(stored.Id, stored.Name, stored.Prefix, key, stored.CreatedAt));
    }

    private static async Task<Ok<List<ApiKeyDto>>> ListAsync(HostDbContextFactory contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(keys.Select(ToDto).ToList());
    }

    private static async Task<Results<Ok<ApiKeyDto>, ProblemHttpResult>> RevokeAsync(
        int id, HostDbContextFactory contexts, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return ApiProblems.NotFound($"There is no API key {id}.");
        }

        key.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToDto(key));
    }

    private static ApiKeyDto ToDto(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.CreatedBy, k.RevokedAt);
}
