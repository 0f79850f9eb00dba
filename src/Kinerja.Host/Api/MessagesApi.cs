using System.Text.Json.Nodes;
using Kinerja.Engine;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kinerja.Host.Api;

/// <param name="Name">The message name (the <c>name</c> of a <c>bpmn:message</c>), e.g. PengumpulanDitutup.</param>
/// <param name="CorrelationKey">The key the waiting instance listens with; when not given, <paramref name="BusinessKey"/>.</param>
public sealed record CorrelateMessageRequest(string Name, string? CorrelationKey = null, string? BusinessKey = null, Dictionary<string, JsonNode?>? Variables = null);

public sealed record CorrelationDto(Guid InstanceId, bool StartedNewInstance);

/// <summary>Messages from outside: delivered to the instance waiting for them, or starting a process that begins with one.</summary>
public static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/messages").RequireAuthorization(ApiSetup.ApiPolicy).WithTags("Messages");
        group.MapPost("/correlate", CorrelateAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Delivers a message by name and correlation key (or business key); 404 when no instance waits for it and no process starts with it.");
        return group;
    }

    private static async Task<Ok<CorrelationDto>> CorrelateAsync(
        CorrelateMessageRequest request, HttpContext http, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw ApiException.Invalid("name", "The message name is required.");
        }

        var correlationKey = InstancesApi.Blank(request.CorrelationKey);
        var businessKey = InstancesApi.Blank(request.BusinessKey);
        if (correlationKey is not null && businessKey is not null && correlationKey != businessKey)
        {
            throw ApiException.Invalid("correlationKey", "Give the correlation key or the business key; when both are given they must be the same.");
        }

        var caller = await ApiCaller.OfAsync(http);
        var result = await engine.CorrelateMessageAsync(request.Name.Trim(), correlationKey ?? businessKey, request.Variables, caller.Actor, cancellationToken);
        return TypedResults.Ok(new CorrelationDto(result.InstanceId, result.StartedNewInstance));
    }
}
