using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Kinerja.Host.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinerja.Host.Security;

/// <summary>
/// How callers of <c>/api</c> prove who they are: another system sends an API key in <see cref="HeaderName"/>;
/// a person in a browser is signed in with the Identity cookie. Keys are kept only as SHA-256.
/// </summary>
public static class ApiAuthentication
{
    /// <summary>The scheme the API's policies use: the key when the header is sent, the sign-in cookie otherwise.</summary>
    public const string Scheme = "KinerjaApi";

    public const string HeaderName = "X-Api-Key";

    /// <summary>The authentication type of an identity made from an API key.</summary>
    public const string ApiKeyAuthenticationType = "ApiKey";

    /// <summary>The claim carrying the id of the API key a caller used.</summary>
    public const string ApiKeyIdClaim = "kinerja:api-key-id";

    /// <summary>Every key starts with this, so that a leaked key is recognisable (secret scanners, logs).</summary>
    public const string KeyPrefix = "kwf_";

    /// <summary>How many characters of a key are kept in clear to tell keys apart.</summary>
    public const int ShownPrefixLength = 8;

    /// <summary>True when the caller authenticated with an API key (not with the sign-in cookie).</summary>
    public static bool IsApiKey(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == ApiKeyAuthenticationType);
    }

    /// <summary>A new key: <see cref="KeyPrefix"/> and 32 random bytes in base64url.</summary>
    public static string NewKey() => KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The SHA-256 of a key, lower-case hex: what is stored and looked up.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// Authenticates API callers: a valid, unrevoked key in <c>X-Api-Key</c>, or else the Identity sign-in cookie.
/// Its challenge and forbid answer with RFC 9457 problem details (401/403), never with a redirect to the sign-in
/// page. The key itself is never logged; a key that is not accepted is reported without it.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    HostDbContextFactory contexts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const int MaxKeyLength = 200;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.TryGetValue(ApiAuthentication.HeaderName, out var values))
        {
            var key = values.Count == 1 ? values[0]?.Trim() : null;
            if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
            {
                return AuthenticateResult.Fail($"The {ApiAuthentication.HeaderName} header is empty or malformed.");
            }

            var hash = ApiAuthentication.Hash(key);
            await using var db = await contexts.CreateDbContextAsync(Context.RequestAborted);
            var stored = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash, Context.RequestAborted);
            if (stored is null || stored.RevokedAt is not null)
            {
                return AuthenticateResult.Fail("The API key is unknown or has been revoked.");
            }

            var identity = new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.NameIdentifier, $"api-key:{stored.Id}"),
                    new Claim(ClaimTypes.Name, stored.Name),
                    new Claim(ApiAuthentication.ApiKeyIdClaim, stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ],
                ApiAuthentication.ApiKeyAuthenticationType);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
        }

        var cookie = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return cookie.Succeeded
            ? AuthenticateResult.Success(new AuthenticationTicket(cookie.Principal, cookie.Properties, Scheme.Name))
            : AuthenticateResult.NoResult();
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiAuthentication.HeaderName}\"";
        await WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            "Authentication required",
            result.Failure?.Message ?? $"Send an API key in the {ApiAuthentication.HeaderName} header, or sign in.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(
            StatusCodes.Status403Forbidden,
            "Forbidden",
            "This needs a signed-in admin or an API key (API keys themselves are managed by signed-in admins only); "
            + "signed-in officers may use the task endpoints for their own tasks.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        var writer = Context.RequestServices.GetService<IProblemDetailsService>();
        if (writer is null || !await writer.TryWriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem }))
        {
            await Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
        }
    }
}
