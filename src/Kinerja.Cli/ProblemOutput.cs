using Kinerja.Engine.Bpmn;

namespace Kinerja.Cli;

/// <summary>Prints problems as compilers do, <c>file:line:col: elementId: message</c>, one per line, so editors can jump to them.</summary>
internal static class ProblemOutput
{
    public static void Write(TextWriter writer, string file, IEnumerable<BpmnProblem> problems)
    {
        foreach (var problem in problems)
        {
            writer.WriteLine($"{file}:{problem.Line}:{problem.Column}: {problem.ElementId ?? "-"}: {OneLine(problem.Message)}");
        }
    }

    public static BpmnProblem FileProblem(string message) => new(null, 0, 0, message);

    public static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
