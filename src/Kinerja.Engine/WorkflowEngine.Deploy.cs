using System.Security.Cryptography;
using System.Text;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Deployment;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Expressions;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Timers;

namespace Kinerja.Engine;

/// <summary>A process of a deployed file: the version it now runs as, and whether this deployment made it.</summary>
public sealed record DeployedProcess(DeployedDefinition Definition, bool IsNewVersion);

/// <summary>What a deployment did. When <see cref="Problems"/> is not empty nothing was stored.</summary>
public sealed record DeploymentResult(IReadOnlyList<BpmnProblem> Problems, IReadOnlyList<DeployedProcess> Processes)
{
    public bool Succeeded => Problems.Count == 0;
}

public sealed partial class WorkflowEngine
{
    /// <summary>
    /// Validates and deploys a BPMN file. Each changed process becomes version n+1; an identical file
    /// changes nothing; running instances stay on their version. A refused file changes nothing at all.
    /// </summary>
    public async Task<DeploymentResult> DeployAsync(string xml, string? sourceName = null, string? deployedBy = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var (document, problems) = Check(xml);
        if (problems.Count > 0)
        {
            return new DeploymentResult(problems, []);
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(xml.ReplaceLineEndings("\n"))));
        var (processes, _) = await ExecuteAsync(deployedBy, null, async context =>
        {
            var results = new List<DeployedProcess>();
            foreach (var process in document.Processes)
            {
                var latest = await _services.Store.FindDefinitionAsync(process.Id, null, cancellationToken);
                if (latest?.ContentHash == hash)
                {
                    results.Add(new DeployedProcess(latest, false));
                    continue;
                }

                var deployed = new DeployedDefinition(
                    process.Id, (latest?.Version ?? 0) + 1, process.Name, xml, hash, sourceName, context.Now, deployedBy);
                context.AddDefinition(deployed);
                ScheduleStartTimers(context, deployed, process);
                if (latest is not null)
                {
                    foreach (var start in _services.Definitions.Get(latest).Nodes.OfType<StartEvent>().Where(s => s.Timer is not null))
                    {
                        context.Emit(OutboxMessage.CancelTimer(StartTimerId(latest.Id, start.Id)));
                    }
                }

                results.Add(new DeployedProcess(deployed, true));
            }

            return results;
        }, cancellationToken);
        return new DeploymentResult([], processes);
    }

    /// <summary>Every problem that would refuse this file's deployment (none: it would deploy); nothing is stored.</summary>
    public IReadOnlyList<BpmnProblem> Validate(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return Check(xml).Problems;
    }

    private (BpmnDocument Document, List<BpmnProblem> Problems) Check(string xml)
    {
        var document = BpmnParser.Parse(xml);
        return (document, document.Problems.Concat(MissingHandlers(document)).ToList());
    }

    private IEnumerable<BpmnProblem> MissingHandlers(BpmnDocument document) =>
        document.Processes
            .SelectMany(p => p.AllNodes.Values.OfType<ServiceTask>())
            .Where(t => !_services.Handlers.TryGet(t.Topic, out _))
            .Select(t => new BpmnProblem(t.Id, t.Location.Line, t.Location.Column,
                $"No handler is registered for topic '{t.Topic}' (registered: {(_services.Handlers.Topics.Count == 0 ? "none" : string.Join(", ", _services.Handlers.Topics))})."));

    private static string StartTimerId(string definitionId, string elementId) => $"start:{definitionId}:{elementId}";

    private static void ScheduleStartTimers(CommandContext context, DeployedDefinition deployed, ProcessDefinition process)
    {
        foreach (var start in process.Nodes.OfType<StartEvent>().Where(s => s.Timer is not null))
        {
            var timer = start.Timer!;
            var text = context.Services.Expressions.EvaluateString(timer.Text, new Dictionary<string, System.Text.Json.Nodes.JsonNode?>()) ?? timer.Text;
            var due = TimerInstants.First(timer, text, start.Id, context.Now, context.Calendar(timer.CalendarName));
            if (due is { } at)
            {
                context.Emit(OutboxMessage.ScheduleTimer(new ScheduledTimer(
                    StartTimerId(deployed.Id, start.Id), TimerPurpose.StartEvent, at, null, deployed.Id, start.Id, 0)));
            }
        }
    }

    public Task<IReadOnlyList<DeployedDefinition>> ListDefinitionsAsync(string? processKey = null, CancellationToken cancellationToken = default) =>
        _services.Store.ListDefinitionsAsync(processKey, cancellationToken);

    /// <summary>The parsed process of a version (the latest when <paramref name="version"/> is null).</summary>
    public async Task<ProcessDefinition> GetProcessDefinitionAsync(string processKey, int? version = null, CancellationToken cancellationToken = default)
    {
        var deployed = await _services.Store.FindDefinitionAsync(processKey, version, cancellationToken)
            ?? throw new NotFoundException(version is null
                ? $"No process '{processKey}' is deployed."
                : $"Process '{processKey}' has no version {version}.");
        return _services.Definitions.Get(deployed);
    }
}
