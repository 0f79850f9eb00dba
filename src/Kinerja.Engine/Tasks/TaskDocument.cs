namespace Kinerja.Engine.Tasks;

/// <summary>
/// A document an officer attached when completing a task, by reference: the host keeps the bytes, the engine
/// keeps what identifies them. Stored with the task's result and as the variable <c>{elementId}_documents</c>.
/// </summary>
public sealed record TaskDocument(string Id, string FileName, string Sha256, long Size)
{
    public static string VariableName(string elementId) => $"{elementId}_documents";
}
