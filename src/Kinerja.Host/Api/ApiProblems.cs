using System.Text.Json;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Expressions;
using Kinerja.Engine.Storage;
using Kinerja.Host.Documents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kinerja.Host.Api;

/// <summary>A request the API refuses, with the status, and for a bad field its name.</summary>
public sealed class ApiException : Exception
{
    public ApiException()
        : this(StatusCodes.Status400BadRequest, "The request is not valid.", null)
    {
    }

    public ApiException(string message)
        : this(StatusCodes.Status400BadRequest, "The request is not valid.", message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusCodes.Status400BadRequest;
        Title = "The request is not valid.";
    }

    public ApiException(int status, string title, string? detail)
        : base(detail ?? title)
    {
        Status = status;
        Title = title;
        Detail = detail;
    }

    public int Status { get; }
    public string Title { get; }
    public string? Detail { get; }

    /// <summary>Field → what is wrong with it; answered as a validation problem.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>400 naming the field at fault (as <c>errors</c> keyed by the field).</summary>
    public static ApiException Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "The request is not valid.", $"{field}: {message}")
        {
            Errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] },
        };

    public static ApiException NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    public static ApiException Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);
}

/// <summary>One problem of a refused BPMN file, located in the file.</summary>
public sealed record BpmnProblemDto(string? ElementId, int Line, int Column, string Message);

/// <summary>
/// RFC 9457 problem details for the API, and the one place where engine and host exceptions become them:
/// an endpoint filter on the <c>/api</c> group. Nothing unexpected leaves with a stack trace.
/// </summary>
public static partial class ApiProblems
{
    public static ProblemDetails Details(int status, string title, string? detail) => new() { Status = status, Title = title, Detail = detail };

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(Details(StatusCodes.Status404NotFound, "Not found", detail));

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(Details(StatusCodes.Status409Conflict, "Conflict", detail));

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] },
            detail: $"{field}: {message}",
            title: "The request is not valid.");

    /// <summary>A BPMN file that is not deployed: 422 listing every problem with element id, line and column.</summary>
    public static ProblemHttpResult BpmnRefused(IReadOnlyList<BpmnProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The BPMN definition was refused; nothing was stored.",
            detail: string.Join(Environment.NewLine, problems.Select(p => p.ToString())),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["problems"] = problems.Select(p => new BpmnProblemDto(p.ElementId, p.Line, p.Column, p.Message)).ToList(),
            });
    }

    /// <summary>Maps what endpoints throw to problem details; logs and hides what nobody expected.</summary>
    public static async ValueTask<object?> HandleErrorsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ToResult(ex) is { } result)
        {
            return result;
        }
#pragma warning disable CA1031 // The API answers every failure with problem details; what is not mapped above is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Kinerja.Host.Api");
            LogUnexpected(logger, context.HttpContext.Request.Method, context.HttpContext.Request.Path, ex);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Something went wrong on the server.",
                detail: "The error was logged; nothing more is told here.");
        }
    }

    public static IResult? ToResult(Exception exception) => exception switch
    {
        ApiException { Errors: { } errors } api => TypedResults.ValidationProblem(errors, detail: api.Detail, title: api.Title),
        ApiException api => TypedResults.Problem(statusCode: api.Status, title: api.Title, detail: api.Detail),
        FormValidationException form => TypedResults.ValidationProblem(
            form.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }, StringComparer.Ordinal),
            detail: form.Message,
            title: "The form is not valid; nothing was changed."),
        NotFoundException notFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: notFound.Message),
        TaskStateException state => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The task does not allow this now.", detail: state.Message),
        MigrationException migration => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The instance cannot move to that version.",
            detail: migration.Message,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["problems"] = migration.Problems }),
        BpmnValidationException bpmn => BpmnRefused(bpmn.Problems),
        CalendarDataException calendar => TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The calendar is not valid; nothing was changed.",
            detail: calendar.Message,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["problems"] = calendar.Problems }),
        DocumentRejectedException document => TypedResults.ValidationProblem(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { ["files"] = [document.Message] },
            detail: document.Message,
            title: "A document was refused; nothing was changed."),
        ConcurrencyException => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Changed meanwhile",
            detail: "Another command changed the same instance at the same time; try again."),
        ExpressionException expression => TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity, title: "An expression of the process failed.", detail: expression.Message),
        EngineException engine => TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The engine refused the command; nothing was changed.",
            detail: engine.Message,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["elementId"] = engine.ElementId }),
        JsonException json => TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest, title: "The request body is not valid JSON.", detail: json.Message),
        BadHttpRequestException bad => TypedResults.Problem(statusCode: bad.StatusCode, title: "Bad request", detail: bad.Message),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in API call {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}
