using System.CommandLine;

namespace Kinerja.Cli;

/// <summary>The command line: parses the arguments, runs the command, and turns anything unforeseen into one line and an exit code.</summary>
internal static class KinerjaCli
{
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        try
        {
            var root = new RootCommand("Kinerja Workflows: check BPMN definitions and dry-run them on a virtual clock.");
            root.Subcommands.Add(ValidateCommand.Create(output));
            root.Subcommands.Add(SimulateCommand.Create(output, error, clock));

            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var parseError in parsed.Errors)
                {
                    error.WriteLine($"kinerja: {parseError.Message}");
                }

                error.WriteLine("Run 'kinerja --help' for usage.");
                return ExitCodes.Usage;
            }

            var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("kinerja: cancelled.");
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            // The last net: a user sees one line, never a stack trace.
            error.WriteLine($"kinerja: {ex.GetType().Name}: {ProblemOutput.OneLine(ex.Message)}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>An argument takes any token, so an unknown option would pass as a file name: refuse those.</summary>
    public static void RejectOptionLikeValues(Argument argument) =>
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.Length > 1 && t.Value.StartsWith('-')))
            {
                result.AddError($"Unrecognized option '{token.Value}'.");
            }
        });
}
