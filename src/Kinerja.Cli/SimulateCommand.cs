using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kinerja.Engine.Simulation;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Timers;

namespace Kinerja.Cli;

/// <summary>
/// <c>kinerja simulate &lt;file.bpmn&gt;</c>: runs one instance on a virtual clock, every task done as soon as it
/// appears, and prints the completed element ids in order, then the end state as JSON.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider clock)
    {
        var file = new Argument<string>("file") { Description = "The BPMN file to simulate." };
        var vars = new Option<string?>("--vars") { Description = "Start variables as a JSON object, e.g. {\"skpd\":[\"DINKES\"]}.", HelpName = "json" };
        var process = new Option<string?>("--process") { Description = "The id of the process to run, when the file holds several.", HelpName = "id" };
        var start = new Option<string?>("--start")
        {
            Description = "The virtual start instant (ISO 8601, WITA when no offset is given); default: the next Monday 08:00 WITA.",
            HelpName = "instant",
        };
        var command = new Command("simulate", "Dry-run a BPMN file on a virtual clock and print the path it takes and its end state.");
        KinerjaCli.RejectOptionLikeValues(file);
        command.Arguments.Add(file);
        command.Options.Add(vars);
        command.Options.Add(process);
        command.Options.Add(start);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new Arguments(parseResult.GetValue(file)!, parseResult.GetValue(vars), parseResult.GetValue(process), parseResult.GetValue(start)),
            output,
            error,
            clock,
            cancellationToken));
        return command;
    }

    private sealed record Arguments(string File, string? Vars, string? Process, string? Start);

    private static async Task<int> RunAsync(Arguments args, TextWriter output, TextWriter error, TimeProvider clock, CancellationToken cancellationToken)
    {
        DateTimeOffset startAt;
        if (args.Start is null)
        {
            startAt = StartInstant.NextMondayMorning(clock.GetUtcNow());
        }
        else if (TimerDates.TryParse(args.Start) is { } parsed)
        {
            startAt = parsed;
        }
        else
        {
            error.WriteLine($"kinerja: --start '{args.Start}' is not an ISO 8601 instant (e.g. 2026-03-02T08:00:00+08:00).");
            return ExitCodes.Usage;
        }

        var variables = ParseVariables(args.Vars, out var varsError);
        if (varsError is not null)
        {
            error.WriteLine($"kinerja: {varsError}");
            return ExitCodes.Failure;
        }

        var xml = DefinitionFile.Read(args.File, out var readError);
        if (xml is null)
        {
            ProblemOutput.Write(error, args.File, [ProblemOutput.FileProblem(readError!)]);
            return ExitCodes.Failure;
        }

        var request = new SimulationRequest { Start = startAt, ProcessId = args.Process, Variables = variables, SourceName = Path.GetFileName(args.File) };
        var result = await new ProcessSimulator().RunAsync(xml, request, cancellationToken);
        if (result.Outcome == SimulationOutcome.Invalid)
        {
            ProblemOutput.Write(error, args.File, result.Problems);
            return ExitCodes.Failure;
        }

        if (!result.Succeeded)
        {
            error.WriteLine($"kinerja: {args.File}: {ProblemOutput.OneLine(result.Error ?? result.Outcome.ToString())}");
            WriteProgress(error, result.CompletedElements);

            return ExitCodes.Failure;
        }

        foreach (var elementId in result.CompletedElements)
        {
            output.WriteLine(elementId);
        }

        var state = result.EndState!;
        output.WriteLine(JsonSerializer.Serialize(
            state with { StartedAt = state.StartedAt.ToOffset(StartInstant.Wita), EndedAt = state.EndedAt?.ToOffset(StartInstant.Wita) },
            EngineJson.Indented));
        return ExitCodes.Success;
    }

    private static void WriteProgress(TextWriter error, IReadOnlyList<string> completed)
    {
        const int Shown = 20;
        if (completed.Count > Shown)
        {
            error.WriteLine($"Completed before it stopped ({completed.Count} elements, the last {Shown}): ... {string.Join(", ", completed.Skip(completed.Count - Shown))}");
        }
        else if (completed.Count > 0)
        {
            error.WriteLine($"Completed before it stopped: {string.Join(", ", completed)}");
        }
    }

    private static Dictionary<string, JsonNode?>? ParseVariables(string? json, out string? error)
    {
        error = null;
        if (json is null)
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(json) is JsonObject values)
            {
                return values.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal);
            }
        }
        catch (JsonException ex)
        {
            error = $"--vars is not valid JSON: {ProblemOutput.OneLine(ex.Message)}";
            return null;
        }
        catch (ArgumentException)
        {
            // JsonObject refuses a property name given twice when it is first read.
            error = "--vars is not valid: it names the same variable more than once.";
            return null;
        }

        error = "--vars must be a JSON object of variables, e.g. {\"skpd\":[\"DINKES\",\"DISDIK\"]}.";
        return null;
    }
}
