using System.CommandLine;
using Kinerja.Engine.Bpmn;

namespace Kinerja.Cli;

/// <summary><c>kinerja validate &lt;file.bpmn&gt;...</c>: would each file deploy? Service task topics are not checked here.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output)
    {
        var files = new Argument<string[]>("files")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "The BPMN files to check.",
        };
        var command = new Command("validate", "Check BPMN files; print every problem as file:line:col: elementId: message.");
        KinerjaCli.RejectOptionLikeValues(files);
        command.Arguments.Add(files);
        command.SetAction(parseResult =>
        {
            var allValid = true;
            foreach (var file in parseResult.GetValue(files) ?? [])
            {
                var problems = Check(file);
                if (problems.Count == 0)
                {
                    output.WriteLine($"{file}: ok");
                }
                else
                {
                    allValid = false;
                    ProblemOutput.Write(output, file, problems);
                }
            }

            return allValid ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static IReadOnlyList<BpmnProblem> Check(string file)
    {
        var xml = DefinitionFile.Read(file, out var error);
        if (xml is null)
        {
            return [ProblemOutput.FileProblem(error!)];
        }

        try
        {
            return BpmnParser.Parse(xml).Problems;
        }
        catch (Exception ex)
        {
            // The parser promises not to throw; should it break that promise, the other files still get checked.
            return [ProblemOutput.FileProblem($"The file could not be checked: {ex.GetType().Name}: {ex.Message}")];
        }
    }
}
