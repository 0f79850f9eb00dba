using System.Xml;
using Kinerja.Engine;
using Kinerja.Host.Api;
using Kinerja.Host.Configuration;
using Kinerja.Host.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinerja.Host.Designer;

public sealed record DraftDto(string ProcessKey, string Xml, DateTimeOffset? SavedAt, string? SavedBy, int? BasedOnVersion, bool IsDraft);

public sealed record SaveDraftRequest(string? Xml);

public sealed record DraftSavedDto(string ProcessKey, DateTimeOffset SavedAt);

public sealed record PublishedDto(string ProcessKey, int Version, bool IsNewVersion);

public sealed record ValidationDto(IReadOnlyList<BpmnProblemDto> Problems);

/// <summary>
/// What the visual designer calls: drafts (saved and autosaved, never deployed), validation by the engine's own
/// rules, and publishing (a new version after validation; a file that does not validate is never published).
/// Signed-in admins only; the API group's filter asks their browser for the antiforgery header.
/// </summary>
public static class DesignerApi
{
    public static RouteGroupBuilder MapDesignerApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/designer").RequireAuthorization(ApiSetup.ApiAdminPolicy).WithTags("Designer");
        group.MapGet("/drafts/{processKey}", GetDraftAsync).WithSummary("The admin's draft of a process, else its latest deployed version.");
        group.MapPut("/drafts/{processKey}", SaveDraftAsync).WithSummary("Saves a draft under the id of the process in the XML (which may differ from the address, for a new SOP).");
        group.MapDelete("/drafts/{processKey}", DiscardDraftAsync).WithSummary("Discards a draft.");
        group.MapPost("/validate", ValidateAsync).WithSummary("Every problem that would refuse publishing this XML.");
        group.MapPost("/publish", PublishAsync).WithSummary("Deploys the XML as a new version after validation; a refused file changes nothing.");
        return api;
    }

    private static async Task<Results<Ok<DraftDto>, ProblemHttpResult>> GetDraftAsync(
        string processKey, HostDbContextFactory contexts, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Drafts.AsNoTracking().FirstOrDefaultAsync(d => d.ProcessKey == processKey, cancellationToken) is { } draft)
            {
                return TypedResults.Ok(new DraftDto(draft.ProcessKey, draft.Xml, draft.SavedAt, draft.SavedBy, draft.BasedOnVersion, true));
            }
        }

        var latest = (await engine.ListDefinitionsAsync(processKey, cancellationToken)).MaxBy(d => d.Version);
        return latest is null
            ? ApiProblems.NotFound($"There is no draft and no deployed version of '{processKey}'.")
            : TypedResults.Ok(new DraftDto(latest.ProcessKey, latest.Xml, null, null, latest.Version, false));
    }

    private static async Task<Ok<DraftSavedDto>> SaveDraftAsync(
        string processKey,
        SaveDraftRequest request,
        HttpContext http,
        HostDbContextFactory contexts,
        WorkflowEngine engine,
        TimeProvider clock,
        IOptions<KinerjaSettings> settings,
        CancellationToken cancellationToken)
    {
        var xml = RequireXml(request.Xml, settings.Value.Uploads.MaxBpmnBytes);
        var key = ProcessKeyOf(xml);
        var caller = await ApiCaller.OfAsync(http);
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var draft = await db.Drafts.FirstOrDefaultAsync(d => d.ProcessKey == key, cancellationToken);
        if (draft is null)
        {
            var deployed = (await engine.ListDefinitionsAsync(key, cancellationToken)).MaxBy(d => d.Version);
            db.Drafts.Add(new DesignDraft { ProcessKey = key, Xml = xml, SavedAt = now, SavedBy = caller.Actor, BasedOnVersion = deployed?.Version });
        }
        else
        {
            draft.Xml = xml;
            draft.SavedAt = now;
            draft.SavedBy = caller.Actor;
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new DraftSavedDto(key, now));
    }

    private static async Task<NoContent> DiscardDraftAsync(string processKey, HostDbContextFactory contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Drafts.Where(d => d.ProcessKey == processKey).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static Ok<ValidationDto> ValidateAsync(SaveDraftRequest request, WorkflowEngine engine, IOptions<KinerjaSettings> settings)
    {
        var xml = RequireXml(request.Xml, settings.Value.Uploads.MaxBpmnBytes);
        return TypedResults.Ok(new ValidationDto(engine.Validate(xml).Select(p => new BpmnProblemDto(p.ElementId, p.Line, p.Column, p.Message)).ToList()));
    }

    private static async Task<Results<Ok<PublishedDto>, ProblemHttpResult>> PublishAsync(
        SaveDraftRequest request,
        HttpContext http,
        WorkflowEngine engine,
        HostDbContextFactory contexts,
        IOptions<KinerjaSettings> settings,
        CancellationToken cancellationToken)
    {
        var xml = RequireXml(request.Xml, settings.Value.Uploads.MaxBpmnBytes);
        var caller = await ApiCaller.OfAsync(http);
        var result = await engine.DeployAsync(xml, "designer", caller.Actor, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.BpmnRefused(result.Problems);
        }

        var process = result.Processes[0].Definition;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var keys = result.Processes.Select(p => p.Definition.ProcessKey).ToList();
            await db.Drafts.Where(d => keys.Contains(d.ProcessKey)).ExecuteDeleteAsync(cancellationToken);
        }

        return TypedResults.Ok(new PublishedDto(process.ProcessKey, process.Version, result.Processes[0].IsNewVersion));
    }

    private static string RequireXml(string? xml, long maxBytes)
    {
        if (string.IsNullOrWhiteSpace(xml))
        {
            throw ApiException.Invalid("xml", "The BPMN XML is required.");
        }

        return xml.Length > maxBytes
            ? throw new ApiException(StatusCodes.Status413PayloadTooLarge, "The BPMN file is too large.", $"A BPMN file may have at most {maxBytes:N0} bytes (Kinerja:Uploads:MaxBpmnBytes).")
            : xml;
    }

    /// <summary>The id of the first process in the XML, read with DTDs and external entities off.</summary>
    internal static string ProcessKeyOf(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "process" && reader.NamespaceURI == "http://www.omg.org/spec/BPMN/20100524/MODEL")
                {
                    var id = reader.GetAttribute("id");
                    return string.IsNullOrWhiteSpace(id) ? throw ApiException.Invalid("xml", $"The process at line {((IXmlLineInfo)reader).LineNumber} has no id.") : id;
                }
            }
        }
        catch (XmlException ex)
        {
            throw ApiException.Invalid("xml", $"The XML is not well-formed: {ex.Message}");
        }

        throw ApiException.Invalid("xml", "The XML has no BPMN process.");
    }
}
