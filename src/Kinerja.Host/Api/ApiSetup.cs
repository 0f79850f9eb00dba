using System.Text.Json.Serialization;
using Kinerja.Host.Api;
using Kinerja.Host.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

// In the host's namespace, beside HostSetup, which calls it.
namespace Kinerja.Host;

/// <summary>
/// The REST API under <c>/api</c>: minimal API groups per resource, API-key or sign-in authentication,
/// antiforgery for cookie callers, problem details for every error, the OpenAPI document at
/// <c>/openapi/v1.json</c> and its Scalar reference at <c>/api/docs</c> (both for API-key callers and
/// signed-in people only).
/// </summary>
public static class ApiSetup
{
    /// <summary>A signed-in admin or an API key.</summary>
    public const string ApiPolicy = "api";

    /// <summary>Any signed-in account or an API key; officers are limited to their own tasks by the endpoints.</summary>
    public const string ApiUserPolicy = "api-user";

    /// <summary>A signed-in admin only (managing API keys).</summary>
    public const string ApiAdminPolicy = "api-admin";

    public const string DocsPath = "/api/docs";
    public const string SecuritySchemeName = "ApiKey";

    public static IServiceCollection AddKinerjaApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiAuthentication.Scheme, "API key or sign-in", null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p
                .AddAuthenticationSchemes(ApiAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(c => ApiAuthentication.IsApiKey(c.User) || c.User.IsInRole(KinerjaRoles.Admin)))
            .AddPolicy(ApiUserPolicy, p => p
                .AddAuthenticationSchemes(ApiAuthentication.Scheme)
                .RequireAuthenticatedUser())
            .AddPolicy(ApiAdminPolicy, p => p
                .AddAuthenticationSchemes(ApiAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(c => !ApiAuthentication.IsApiKey(c.User) && c.User.IsInRole(KinerjaRoles.Admin)));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.Configure<ProblemDetailsOptions>(o =>
        {
            // A body, route value or query parameter that cannot be read is refused before any endpoint code runs.
            var previous = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                previous?.Invoke(context);
                var problem = context.ProblemDetails;
                if (problem.Detail is null && context.HttpContext.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                {
                    problem.Detail = problem.Status switch
                    {
                        StatusCodes.Status400BadRequest => "The request could not be read: check the JSON body and the query parameters against /openapi/v1.json.",
                        StatusCodes.Status404NotFound => "There is no such address in the API; see /api/docs.",
                        StatusCodes.Status415UnsupportedMediaType => "This content type is not accepted here; see /api/docs.",
                        _ => null,
                    };
                }
            };
        });
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Kinerja Workflows API";
            document.Info.Description =
                "BPMN process engine for the SOPs of Kabupaten Buleleng. Authenticate with an API key in the "
                + $"`{ApiAuthentication.HeaderName}` header (keys are made by a signed-in admin at POST /api/keys), or with the "
                + "sign-in cookie; cookie callers send the token from GET /api/antiforgery in the `RequestVerificationToken` "
                + "header with every POST, PUT and DELETE. Errors are RFC 9457 problem details.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiAuthentication.HeaderName,
                Description = "An API key made by an admin (kwf_…).",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] });
            return Task.CompletedTask;
        }));
        return services;
    }

    public static WebApplication MapKinerjaApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The API's description is for its callers: systems with a key and signed-in people (the page sends them to sign in).
        app.MapOpenApi().RequireAuthorization(ApiUserPolicy);
        app.MapScalarApiReference(DocsPath, o => o
            .WithTitle("Kinerja Workflows API")
            .AddPreferredSecuritySchemes([SecuritySchemeName]))
            .RequireAuthorization();
        app.MapGet("/api", () => TypedResults.Redirect(DocsPath + "/")).ExcludeFromDescription();

        var api = app.MapGroup("/api")
            .AddEndpointFilter(ApiProblems.HandleErrorsAsync)
            .AddEndpointFilter(RequireAntiforgeryForCookieCallersAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/antiforgery", GetAntiforgeryToken)
            .RequireAuthorization(ApiUserPolicy)
            .WithTags("Sign-in")
            .WithSummary("The antiforgery token a signed-in browser sends in the RequestVerificationToken header with unsafe calls.");
        api.MapDefinitionsApi();
        api.MapInstancesApi();
        api.MapTasksApi();
        api.MapMessagesApi();
        api.MapCalendarApi();
        api.MapOrganizationApi();
        api.MapApiKeysApi();
        Designer.DesignerApi.MapDesignerApi(api);
        Designer.LiveApi.MapLiveApi(api);
        return app;
    }

    /// <summary>The header name and a token for the signed-in caller (API-key callers need none).</summary>
    public sealed record AntiforgeryTokenDto(string HeaderName, string Token);

    private static Ok<AntiforgeryTokenDto> GetAntiforgeryToken(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Ok(new AntiforgeryTokenDto(tokens.HeaderName ?? "RequestVerificationToken", tokens.RequestToken ?? string.Empty));
    }

    /// <summary>
    /// A browser's cookie is sent by any site; so an unsafe call authenticated by the cookie must carry the
    /// antiforgery token in its header. Calls with an API key need none: no browser adds that header by itself.
    /// </summary>
    private static async ValueTask<object?> RequireAntiforgeryForCookieCallersAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
        if (!safe && http.User.Identity?.IsAuthenticated == true && !ApiAuthentication.IsApiKey(http.User))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Antiforgery token missing or invalid",
                    detail: "A signed-in caller sends the token from GET /api/antiforgery in the RequestVerificationToken header "
                        + "with every POST, PUT and DELETE.");
            }
        }

        return await next(context);
    }
}
