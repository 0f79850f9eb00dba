namespace Kinerja.Engine.Execution;

/// <summary>A command was refused or could not run; the message says why in an admin's words.</summary>
public class EngineException : Exception
{
    public EngineException()
    {
    }

    public EngineException(string message)
        : base(message)
    {
    }

    public EngineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The element at fault, where there is one.</summary>
    public string? ElementId { get; init; }
}

/// <summary>The definition, instance or task asked for does not exist.</summary>
public sealed class NotFoundException : EngineException
{
    public NotFoundException()
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The task is not in a state that allows the action (done already, claimed by someone else …).</summary>
public sealed class TaskStateException : EngineException
{
    public TaskStateException()
    {
    }

    public TaskStateException(string message)
        : base(message)
    {
    }

    public TaskStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Submitted form data does not fit the task's form; <see cref="Errors"/> maps field id to what is wrong.</summary>
public sealed class FormValidationException : EngineException
{
    public FormValidationException(IReadOnlyDictionary<string, string> errors)
        : base("The form is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}"))) => Errors = errors;

    public FormValidationException()
        : this(new Dictionary<string, string>())
    {
    }

    public FormValidationException(string message)
        : base(message) => Errors = new Dictionary<string, string>();

    public FormValidationException(string message, Exception innerException)
        : base(message, innerException) => Errors = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Errors { get; }
}
