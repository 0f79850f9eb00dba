using Kinerja.Engine.Execution;
using Kinerja.Engine.Storage;
using Kinerja.Host.Tasks;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Kinerja.Host.TaskLinks;

/// <summary>Marks the page whose completing posts <see cref="TaskLinkPostShortcut"/> answers.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TaskLinkPageAttribute : Attribute
{
}

/// <summary>
/// Answers the common post of a task link's page, the one that completes the task, without the middleware and MVC behind
/// it: anti-forgery checked, the task completed, a redirect back to the link. Any other outcome (a form not valid, a link
/// that no longer opens the task, the task changed meanwhile) falls through, untouched but for the form already read, to the
/// page, which does the same again and shows what happened. Posts it cannot answer as the page would go straight to the page:
/// a signed-in officer's (anti-forgery tokens are bound to the user, who is known only after authentication), one with
/// files or a body larger than <see cref="MaxBodyLength"/> (documents are stored by the page alone), one naming a handler.
/// </summary>
/// <remarks>
/// Runs after routing and the rate limiter (the page's link limit applies) and before localization, static files,
/// authentication and authorization, none of which a redirect needs. Skipping them and MVC's page invoker took 14 % off
/// a completion's CPU when 200 officers post at once (docs/benchmarks.md, session 24).
/// </remarks>
public sealed class TaskLinkPostShortcut(
    RequestDelegate next,
    IAntiforgery antiforgery,
    LinkedTasks linkedTasks,
    TaskActions actions,
    IOptionsMonitor<CookieAuthenticationOptions> cookieOptions)
{
    /// <summary>The page's limit for a post with documents (its <c>RequestFormLimits</c>).</summary>
    public const long MultipartBodyLengthLimit = 64 * 1024 * 1024;

    /// <summary>The largest post answered here: a form without documents is a few kilobytes.</summary>
    public const long MaxBodyLength = 64 * 1024;

    private static readonly FormOptions PageFormOptions = new() { MultipartBodyLengthLimit = MultipartBodyLengthLimit };

    private readonly string _signInCookie = cookieOptions.Get(IdentityConstants.ApplicationScheme).Cookie.Name
        ?? throw new InvalidOperationException("The sign-in cookie has no name.");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!Applies(context) || !await TryCompleteAsync(context))
        {
            await next(context);
        }
    }

    private bool Applies(HttpContext context)
    {
        var request = context.Request;
        return HttpMethods.IsPost(request.Method)
            && context.GetEndpoint() is { } endpoint
            && endpoint.Metadata.GetMetadata<TaskLinkPageAttribute>() is not null
            && endpoint.Metadata.GetMetadata<IAuthorizeData>() is null
            && request.ContentLength is > 0 and <= MaxBodyLength
            && request.HasFormContentType
            && !request.Query.ContainsKey("handler")
            && !request.Cookies.ContainsKey(_signInCookie);
    }

    /// <returns>Whether the post was answered; if not, nothing was changed and the page is to answer it.</returns>
    private async Task<bool> TryCompleteAsync(HttpContext context)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;

        // Read as the page reads it (its form limits), so that a post passed on reads the same form.
        context.Features.Set<IFormFeature>(new FormFeature(request, PageFormOptions));
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            // As the page's anti-forgery filter answers, for the same anonymous user.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return true;
        }

        var token = request.RouteValues["token"] as string ?? string.Empty;
        var opened = await linkedTasks.OpenAsync(token, withSubject: false, forCompletion: true, cancellationToken);
        if (opened is not { State: LinkedTaskState.Open, Link: { } link, Task: { } task, Entitlement: { } entitlement })
        {
            return false;
        }

        var posted = TaskForm.Read(await request.ReadFormAsync(cancellationToken), task.Form);
        if (posted.Files.Count > 0)
        {
            return false;
        }

        try
        {
            await actions.CompleteAsync(task.Task, link.PersonKey, entitlement, posted.Data, posted.Files, idempotencyKey: null, opened.Instance, cancellationToken);
        }
        catch (Exception ex) when (ex is FormValidationException or TaskStateException or ConcurrencyException)
        {
            // Nothing was completed (and with no documents, none was stored): the page tries again and shows why it did not.
            return false;
        }

        context.Response.Redirect(request.PathBase.Add(request.Path));
        return true;
    }
}
