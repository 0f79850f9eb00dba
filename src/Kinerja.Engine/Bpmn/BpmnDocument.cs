namespace Kinerja.Engine.Bpmn;

/// <summary>The outcome of reading one BPMN file: its executable processes and every problem found.</summary>
public sealed class BpmnDocument
{
    internal BpmnDocument(IReadOnlyList<ProcessDefinition> processes, IReadOnlyList<BpmnProblem> problems)
    {
        Processes = processes;
        Problems = problems;
    }

    public IReadOnlyList<ProcessDefinition> Processes { get; }

    /// <summary>All problems, in file order. Empty when the file would deploy.</summary>
    public IReadOnlyList<BpmnProblem> Problems { get; }

    public bool IsValid => Problems.Count == 0;

    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new BpmnValidationException(Problems);
        }
    }
}

/// <summary>Limits for reading a definition.</summary>
public sealed record BpmnParserOptions
{
    public static BpmnParserOptions Default { get; } = new();

    /// <summary>The largest file accepted, in characters (default 5 million).</summary>
    public long MaxCharacters { get; init; } = 5_000_000;
}
