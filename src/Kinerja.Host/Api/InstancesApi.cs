using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kinerja.Engine;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Storage;
using Kinerja.Host.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kinerja.Host.Api;

/// <summary>A page of a listing: the items, how many there are in all, and where the page starts.</summary>
public sealed record PageDto<T>(IReadOnlyList<T> Items, int Total, int Skip, int Take);

public sealed record StartInstanceRequest(string ProcessKey, string? BusinessKey = null, Dictionary<string, JsonNode?>? Variables = null, int? Version = null);

public sealed record CancelInstanceRequest(string Reason);

public sealed record MigrateInstanceRequest(int TargetVersion);

public sealed record InstanceSummaryDto(
    Guid Id, string ProcessKey, int Version, string DefinitionId, string? BusinessKey, InstanceStatus Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

public sealed record InstanceDto(
    Guid Id,
    string ProcessKey,
    int Version,
    string DefinitionId,
    string? BusinessKey,
    InstanceStatus Status,
    DateTimeOffset StartedAt,
    string? StartedBy,
    DateTimeOffset? EndedAt,
    Guid? ParentInstanceId,
    IReadOnlyList<string> ActiveElements,
    IReadOnlyList<TaskDto> OpenTasks,
    IReadOnlyDictionary<string, JsonNode?> Variables)
{
    public static InstanceDto From(ProcessInstance instance, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new(
            instance.Id,
            instance.ProcessKey,
            instance.DefinitionVersion,
            instance.DefinitionId,
            instance.BusinessKey,
            instance.Status,
            instance.StartedAt,
            instance.StartedBy,
            instance.EndedAt,
            instance.ParentInstanceId,
            instance.IsEnded ? [] : instance.Executions.Where(e => e.Kind != ExecutionKind.Root).Select(e => e.ElementId).Distinct(StringComparer.Ordinal).ToList(),
            instance.Tasks.Where(t => t.IsOpen).Select(t => TaskDto.From(t, now)).ToList(),
            instance.Variables);
    }
}

public sealed record HistoryEntryDto(
    DateTimeOffset At, HistoryKind Kind, string? ElementId, string? TaskId, string? Actor, JsonNode? Data, double? LatenessSeconds);

/// <summary>Process instances: start, list and filter, detail, history, cancel, migrate.</summary>
public static class InstancesApi
{
    public const int MaxTake = 200;

    public static RouteGroupBuilder MapInstancesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/instances").RequireAuthorization(ApiSetup.ApiPolicy).WithTags("Instances").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", StartAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Starts an instance of the latest (or the given) version; an Idempotency-Key header makes a retry return the same instance.");
        group.MapGet("/", ListAsync)
            .ProducesValidationProblem()
            .WithSummary("Instances, newest first, filtered by process, status (Running, Completed, Terminated, Cancelled), business key and start window.");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("An instance: its state, where it waits and its open tasks.");
        group.MapGet("/{id:guid}/history", HistoryAsync).WithSummary("The instance's journal: who did what, when, with which data.");
        group.MapPost("/{id:guid}/cancel", CancelAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancels a running instance and everything it waits for.");
        group.MapPost("/{id:guid}/migrate", MigrateAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Moves a running instance to another version of its process; refused (409, naming each element) when a place it waits at is gone or changed.");
        return group;
    }

    private static async Task<Created<InstanceDto>> StartAsync(
        StartInstanceRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        HttpContext http,
        SopStarter starter,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.ProcessKey))
        {
            throw ApiException.Invalid("processKey", "The key of the process to start is required.");
        }

        var caller = await ApiCaller.OfAsync(http);
        var instance = await starter.StartAsync(
            request.ProcessKey.Trim(),
            string.IsNullOrWhiteSpace(request.BusinessKey) ? null : request.BusinessKey.Trim(),
            request.Variables,
            caller.Actor,
            request.Version,
            caller.ScopeIdempotencyKey(idempotencyKey),
            cancellationToken);
        return TypedResults.Created($"/api/instances/{instance.Id}", InstanceDto.From(instance, clock.GetUtcNow()));
    }

    private static async Task<Ok<PageDto<InstanceSummaryDto>>> ListAsync(
        WorkflowEngine engine,
        string? processKey,
        string? status,
        string? businessKey,
        DateTimeOffset? startedFrom,
        DateTimeOffset? startedBefore,
        int? skip,
        int? take,
        CancellationToken cancellationToken)
    {
        var (from, count) = Paging(skip, take);
        InstanceStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            wanted = Enum.TryParse<InstanceStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw ApiException.Invalid("status", $"'{status}' is not a status; use one of {string.Join(", ", Enum.GetNames<InstanceStatus>())}.");
        }

        var page = await engine.QueryInstancesAsync(
            new InstanceQuery
            {
                ProcessKey = Blank(processKey),
                Status = wanted,
                BusinessKey = Blank(businessKey),
                StartedFrom = startedFrom,
                StartedBefore = startedBefore,
                Skip = from,
                Take = count,
            },
            cancellationToken);
        var items = page.Items
            .Select(i => new InstanceSummaryDto(i.Id, i.ProcessKey, VersionOf(i.DefinitionId), i.DefinitionId, i.BusinessKey, i.Status, i.StartedAt, i.EndedAt))
            .ToList();
        return TypedResults.Ok(new PageDto<InstanceSummaryDto>(items, page.Total, from, count));
    }

    private static async Task<Ok<InstanceDto>> GetAsync(Guid id, WorkflowEngine engine, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(InstanceDto.From(await engine.GetInstanceAsync(id, cancellationToken), clock.GetUtcNow()));

    private static async Task<Ok<List<HistoryEntryDto>>> HistoryAsync(Guid id, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        _ = await engine.GetInstanceAsync(id, cancellationToken); // 404 for an unknown instance, not an empty journal
        var history = await engine.GetHistoryAsync(id, cancellationToken);
        return TypedResults.Ok(history
            .Select(h => new HistoryEntryDto(h.At, h.Kind, h.ElementId, h.TaskId, h.Actor, ParseData(h.Data), h.Lateness?.TotalSeconds))
            .ToList());
    }

    private static async Task<Results<Ok<InstanceDto>, ProblemHttpResult>> CancelAsync(
        Guid id, CancelInstanceRequest request, HttpContext http, WorkflowEngine engine, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            throw ApiException.Invalid("reason", "Say why the instance is cancelled; the reason goes into its history.");
        }

        var instance = await engine.GetInstanceAsync(id, cancellationToken);
        if (instance.IsEnded)
        {
            return ApiProblems.Conflict($"Instance {id} has already ended ({instance.Status}).");
        }

        var caller = await ApiCaller.OfAsync(http);
        await engine.CancelInstanceAsync(id, request.Reason.Trim(), caller.Actor, cancellationToken);
        return TypedResults.Ok(InstanceDto.From(await engine.GetInstanceAsync(id, cancellationToken), clock.GetUtcNow()));
    }

    private static async Task<Results<Ok<InstanceDto>, ProblemHttpResult>> MigrateAsync(
        Guid id, MigrateInstanceRequest request, HttpContext http, WorkflowEngine engine, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.TargetVersion < 1)
        {
            throw ApiException.Invalid("targetVersion", "A version number starts at 1.");
        }

        var instance = await engine.GetInstanceAsync(id, cancellationToken);
        if (instance.IsEnded)
        {
            return ApiProblems.Conflict($"Instance {id} has already ended ({instance.Status}); only running instances move.");
        }

        var caller = await ApiCaller.OfAsync(http);
        var migrated = await engine.MigrateInstanceAsync(id, request.TargetVersion, caller.Actor, cancellationToken);
        return TypedResults.Ok(InstanceDto.From(migrated, clock.GetUtcNow()));
    }

    internal static (int Skip, int Take) Paging(int? skip, int? take)
    {
        if (skip is < 0)
        {
            throw ApiException.Invalid("skip", "must be 0 or more");
        }

        if (take is < 1 or > MaxTake)
        {
            throw ApiException.Invalid("take", $"must be from 1 to {MaxTake}");
        }

        return (skip ?? 0, take ?? 50);
    }

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int VersionOf(string definitionId) =>
        int.TryParse(definitionId.AsSpan(definitionId.LastIndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0;

    private static JsonNode? ParseData(string? data)
    {
        if (string.IsNullOrEmpty(data))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(data);
        }
        catch (JsonException)
        {
            return JsonValue.Create(data);
        }
    }
}
