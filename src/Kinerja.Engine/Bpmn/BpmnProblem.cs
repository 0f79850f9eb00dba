namespace Kinerja.Engine.Bpmn;

/// <summary>One reason a definition cannot be deployed, located in its source file.</summary>
/// <param name="ElementId">The id of the element at fault, or null when the problem is not tied to one (e.g. malformed XML).</param>
/// <param name="Line">1-based line in the file, 0 when unknown.</param>
/// <param name="Column">1-based column in the file, 0 when unknown.</param>
/// <param name="Message">What is wrong, in words an admin can act on.</param>
public sealed record BpmnProblem(string? ElementId, int Line, int Column, string Message)
{
    /// <summary>Formats as <c>line:col: elementId: message</c>.</summary>
    public override string ToString() => $"{Line}:{Column}: {ElementId ?? "-"}: {Message}";
}

/// <summary>Thrown when a definition is refused; carries every problem found, not only the first.</summary>
public sealed class BpmnValidationException : Exception
{
    public BpmnValidationException(IReadOnlyList<BpmnProblem> problems)
        : base(Describe(problems)) => Problems = problems;

    public BpmnValidationException()
        : this([])
    {
    }

    public BpmnValidationException(string message)
        : this([new BpmnProblem(null, 0, 0, message)])
    {
    }

    public BpmnValidationException(string message, Exception innerException)
        : base(message, innerException) => Problems = [new BpmnProblem(null, 0, 0, message)];

    public IReadOnlyList<BpmnProblem> Problems { get; }

    private static string Describe(IReadOnlyList<BpmnProblem> problems) =>
        problems.Count == 0
            ? "The definition is not valid."
            : $"The definition is not valid ({problems.Count} problem(s)):{Environment.NewLine}"
              + string.Join(Environment.NewLine, problems);
}
