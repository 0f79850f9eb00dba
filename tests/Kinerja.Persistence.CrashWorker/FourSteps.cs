using Kinerja.Testing;

namespace Kinerja.Persistence.CrashWorker;

/// <summary>The process the worker runs and the idempotency keys it uses.</summary>
internal static class FourSteps
{
    public const string ProcessKey = FourStepsProcess.Key;

    /// <summary>start → four user tasks in a row → end.</summary>
    public const string Xml = FourStepsProcess.Xml;

    /// <summary>The idempotency key of the start of the instance with this business key.</summary>
    public static string StartKey(string businessKey) => $"start:{businessKey}";

    /// <summary>The idempotency key of the completion of this task.</summary>
    public static string CompleteKey(string taskId) => $"complete:{taskId}";
}
