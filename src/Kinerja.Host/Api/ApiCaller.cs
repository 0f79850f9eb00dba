using Kinerja.Host.Security;
using Microsoft.AspNetCore.Identity;

namespace Kinerja.Host.Api;

public enum ApiCallerKind
{
    /// <summary>A signed-in account in the admin role.</summary>
    Admin,

    /// <summary>Another system with an API key.</summary>
    ApiKey,

    /// <summary>A signed-in officer: the task endpoints, for their own tasks only.</summary>
    Officer,
}

/// <summary>
/// Who calls the API and the name their actions are recorded under: a signed-in person's key (their
/// <see cref="KinerjaUser.PersonKey"/>, else their user name), or an API key's name.
/// </summary>
public sealed record ApiCaller(ApiCallerKind Kind, string Actor, string? PersonKey)
{
    public bool IsOfficer => Kind == ApiCallerKind.Officer;

    /// <summary>Scopes a client's idempotency key to the caller, so that two clients never share one.</summary>
    public string? ScopeIdempotencyKey(string? key) => string.IsNullOrWhiteSpace(key) ? null : $"api:{Kind}:{Actor}:{key.Trim()}";

    public static async Task<ApiCaller> OfAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items.TryGetValue(typeof(ApiCaller), out var known) && known is ApiCaller cached)
        {
            return cached;
        }

        var user = http.User;
        ApiCaller caller;
        if (ApiAuthentication.IsApiKey(user))
        {
            caller = new ApiCaller(ApiCallerKind.ApiKey, user.Identity?.Name ?? "api", null);
        }
        else
        {
            var users = http.RequestServices.GetRequiredService<UserManager<KinerjaUser>>();
            var account = await users.GetUserAsync(user)
                ?? throw new ApiException(StatusCodes.Status401Unauthorized, "Authentication required", "The signed-in account no longer exists.");
            var personKey = string.IsNullOrWhiteSpace(account.PersonKey) ? null : account.PersonKey;
            caller = user.IsInRole(KinerjaRoles.Admin)
                ? new ApiCaller(ApiCallerKind.Admin, personKey ?? account.UserName ?? account.Id, personKey)
                : new ApiCaller(ApiCallerKind.Officer, personKey ?? account.UserName ?? account.Id, personKey);
        }

        http.Items[typeof(ApiCaller)] = caller;
        return caller;
    }
}
