namespace Kinerja.Engine.Bpmn;

/// <summary>The value types a form field may have (Camunda 7's built-in form field types).</summary>
public enum FormFieldType
{
    String,
    Long,
    Boolean,
    Date,
    Enum,
}

/// <summary>One field of a user task's form (<c>camunda:formField</c>).</summary>
public sealed record FormField(
    string Id,
    string? Label,
    FormFieldType Type,
    string? DefaultValue,
    bool Required,
    bool ReadOnly,
    long? Min,
    long? Max,
    int? MinLength,
    int? MaxLength,
    IReadOnlyList<FormFieldOption> Options);

public sealed record FormFieldOption(string Id, string Name);
