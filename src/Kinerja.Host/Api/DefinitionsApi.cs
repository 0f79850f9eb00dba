using System.Text;
using Kinerja.Engine;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Deployment;
using Kinerja.Host.Configuration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Kinerja.Host.Api;

public sealed record DefinitionSummaryDto(
    string ProcessKey, string? Name, int LatestVersion, int VersionCount, DateTimeOffset DeployedAt, string? DeployedBy, string? SourceName);

public sealed record DefinitionVersionDto(
    string Id, string ProcessKey, int Version, string? Name, string? SourceName, DateTimeOffset DeployedAt, string? DeployedBy, string ContentHash)
{
    public static DefinitionVersionDto From(DeployedDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Id, d.ProcessKey, d.Version, d.Name, d.SourceName, d.DeployedAt, d.DeployedBy, d.ContentHash);
    }
}

public sealed record FormOptionDto(string Id, string Name);

public sealed record FormFieldDto(
    string Id,
    string? Label,
    FormFieldType Type,
    bool Required,
    bool ReadOnly,
    string? DefaultValue,
    long? Min,
    long? Max,
    int? MinLength,
    int? MaxLength,
    IReadOnlyList<FormOptionDto> Options)
{
    public static FormFieldDto From(FormField f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new(f.Id, f.Label, f.Type, f.Required, f.ReadOnly, f.DefaultValue, f.Min, f.Max, f.MinLength, f.MaxLength,
            f.Options.Select(o => new FormOptionDto(o.Id, o.Name)).ToList());
    }
}

public sealed record UserTaskDefinitionDto(
    string Id,
    string? Name,
    string? Assignee,
    IReadOnlyList<string> CandidateGroups,
    IReadOnlyList<string> CandidateUsers,
    string? TimeStandard,
    IReadOnlyList<FormFieldDto> Form);

public sealed record DefinitionDetailDto(
    DefinitionVersionDto Definition, string? SopNumber, string? SopTitle, string? SopUnit, IReadOnlyList<UserTaskDefinitionDto> UserTasks);

public sealed record DeployedProcessDto(string ProcessKey, int Version, bool IsNewVersion);

public sealed record DeploymentDto(IReadOnlyList<DeployedProcessDto> Processes);

public sealed record ValidationResultDto(bool Valid, IReadOnlyList<string> Processes);

/// <summary>Process definitions: list, versions, XML, deploy and validate-only.</summary>
public static class DefinitionsApi
{
    public static RouteGroupBuilder MapDefinitionsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/definitions").RequireAuthorization(ApiSetup.ApiPolicy).WithTags("Definitions").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync).WithSummary("The latest version of every deployed process.");
        group.MapGet("/{processKey}", LatestAsync).WithSummary("The latest version of a process, with its user tasks and their forms.");
        group.MapGet("/{processKey}/versions", VersionsAsync).WithSummary("Every version of a process, newest first.");
        group.MapGet("/{processKey}/versions/{version:int}", VersionAsync).WithSummary("One version of a process, with its user tasks and their forms.");
        group.MapGet("/{processKey}/versions/{version:int}/xml", XmlAsync)
            .Produces<string>(StatusCodes.Status200OK, "application/xml")
            .WithSummary("The BPMN XML of a version, as deployed.");
        group.MapPost("/", DeployAsync)
            .AddOpenApiOperationTransformer(DescribeBpmnBodyAsync)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Deploys a BPMN file (multipart field 'file', or the XML as the body; ?fileName= names it). "
                + "Each changed process becomes a new version; a refused file (422, each problem with element id, line and column) stores nothing.");
        group.MapPost("/validate", ValidateAsync)
            .AddOpenApiOperationTransformer(DescribeBpmnBodyAsync)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Checks a BPMN file as deploying would, without deploying it.");
        return group;
    }

    /// <summary>The request body in the OpenAPI document: the XML itself, or a multipart upload with the field 'file'.</summary>
    private static Task DescribeBpmnBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The BPMN 2.0 XML (DOCTYPEs and external entities are refused).",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/xml"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(StringComparer.Ordinal) { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }

    private static async Task<Ok<List<DefinitionSummaryDto>>> ListAsync(WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var all = await engine.ListDefinitionsAsync(null, cancellationToken);
        var summaries = all
            .GroupBy(d => d.ProcessKey, StringComparer.Ordinal)
            .Select(g =>
            {
                var latest = g.MaxBy(d => d.Version)!;
                return new DefinitionSummaryDto(latest.ProcessKey, latest.Name, latest.Version, g.Count(), latest.DeployedAt, latest.DeployedBy, latest.SourceName);
            })
            .OrderBy(s => s.ProcessKey, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(summaries);
    }

    private static async Task<Results<Ok<List<DefinitionVersionDto>>, ProblemHttpResult>> VersionsAsync(
        string processKey, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var versions = await engine.ListDefinitionsAsync(processKey, cancellationToken);
        return versions.Count == 0
            ? ApiProblems.NotFound($"No process '{processKey}' is deployed.")
            : TypedResults.Ok(versions.OrderByDescending(d => d.Version).Select(DefinitionVersionDto.From).ToList());
    }

    private static Task<Results<Ok<DefinitionDetailDto>, ProblemHttpResult>> LatestAsync(
        string processKey, WorkflowEngine engine, CancellationToken cancellationToken) =>
        DetailAsync(processKey, null, engine, cancellationToken);

    private static Task<Results<Ok<DefinitionDetailDto>, ProblemHttpResult>> VersionAsync(
        string processKey, int version, WorkflowEngine engine, CancellationToken cancellationToken) =>
        DetailAsync(processKey, version, engine, cancellationToken);

    private static async Task<Results<Ok<DefinitionDetailDto>, ProblemHttpResult>> DetailAsync(
        string processKey, int? version, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var deployed = await engine.Store.FindDefinitionAsync(processKey, version, cancellationToken);
        if (deployed is null)
        {
            return ApiProblems.NotFound(version is null ? $"No process '{processKey}' is deployed." : $"Process '{processKey}' has no version {version}.");
        }

        var process = engine.Definitions.Get(deployed);
        var userTasks = process.AllNodes.Values
            .OfType<UserTask>()
            .OrderBy(t => t.Location.Line)
            .Select(t => new UserTaskDefinitionDto(
                t.Id,
                t.Name,
                t.Assignee,
                t.CandidateGroups,
                t.CandidateUsers,
                t.TimeStandard?.Duration.ToString(),
                t.Form.Select(FormFieldDto.From).ToList()))
            .ToList();
        return TypedResults.Ok(new DefinitionDetailDto(
            DefinitionVersionDto.From(deployed), process.Header?.Number, process.Header?.Title, process.Header?.Unit, userTasks));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> XmlAsync(
        string processKey, int version, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var deployed = await engine.Store.FindDefinitionAsync(processKey, version, cancellationToken);
        return deployed is null
            ? ApiProblems.NotFound($"Process '{processKey}' has no version {version}.")
            : TypedResults.Text(deployed.Xml, "application/xml", Encoding.UTF8);
    }

    private static async Task<Results<Created<DeploymentDto>, Ok<DeploymentDto>, ProblemHttpResult>> DeployAsync(
        HttpContext http, WorkflowEngine engine, IOptions<KinerjaSettings> settings, CancellationToken cancellationToken)
    {
        var (xml, fileName) = await ReadBpmnAsync(http, settings.Value.Uploads.MaxBpmnBytes, cancellationToken);
        var caller = await ApiCaller.OfAsync(http);
        var result = await engine.DeployAsync(xml, fileName, caller.Actor, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.BpmnRefused(result.Problems);
        }

        var deployment = new DeploymentDto(result.Processes
            .Select(p => new DeployedProcessDto(p.Definition.ProcessKey, p.Definition.Version, p.IsNewVersion))
            .ToList());
        var first = deployment.Processes.FirstOrDefault(p => p.IsNewVersion);
        return first is null
            ? TypedResults.Ok(deployment)
            : TypedResults.Created($"/api/definitions/{Uri.EscapeDataString(first.ProcessKey)}/versions/{first.Version}", deployment);
    }

    private static async Task<Results<Ok<ValidationResultDto>, ProblemHttpResult>> ValidateAsync(
        HttpContext http, WorkflowEngine engine, IOptions<KinerjaSettings> settings, CancellationToken cancellationToken)
    {
        var (xml, _) = await ReadBpmnAsync(http, settings.Value.Uploads.MaxBpmnBytes, cancellationToken);
        var problems = engine.Validate(xml);
        return problems.Count > 0
            ? ApiProblems.BpmnRefused(problems)
            : TypedResults.Ok(new ValidationResultDto(true, BpmnParser.Parse(xml).Processes.Select(p => p.Id).ToList()));
    }

    /// <summary>The BPMN XML of the request: a multipart field 'file' (or the only file), else the body; never more than the limit.</summary>
    private static async Task<(string Xml, string? FileName)> ReadBpmnAsync(HttpContext http, long maxBytes, CancellationToken cancellationToken)
    {
        var request = http.Request;
        var tooLarge = new ApiException(
            StatusCodes.Status413PayloadTooLarge, "The BPMN file is too large.", $"A BPMN file may have at most {maxBytes:N0} bytes (Kinerja:Uploads:MaxBpmnBytes).");
        if (request.ContentLength > maxBytes + (request.HasFormContentType ? 64 * 1024 : 0))
        {
            throw tooLarge;
        }

        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                if (http.Features.Get<IFormFeature>()?.Form is null) // not read yet (the antiforgery check reads a signed-in caller's form)
                {
                    http.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = maxBytes + 64 * 1024 }));
                }

                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (InvalidDataException)
            {
                throw tooLarge;
            }

            var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null)
                ?? throw ApiException.Invalid("file", "Send the BPMN file in the multipart field 'file', or the XML as the request body.");
            if (file.Length > maxBytes)
            {
                throw tooLarge;
            }

            await using var stream = file.OpenReadStream();
            return (await ReadTextAsync(stream, maxBytes, tooLarge, cancellationToken), Path.GetFileName(file.FileName));
        }

        var text = await ReadTextAsync(request.Body, maxBytes, tooLarge, cancellationToken);
        var name = request.Query["fileName"].ToString();
        return (text, string.IsNullOrWhiteSpace(name) ? null : Path.GetFileName(name));
    }

    private static async Task<string> ReadTextAsync(Stream source, long maxBytes, ApiException tooLarge, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw tooLarge;
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw ApiException.Invalid("file", "The BPMN file is empty: send it in the multipart field 'file', or the XML as the request body.");
        }

        buffer.Position = 0;
        using var reader = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
