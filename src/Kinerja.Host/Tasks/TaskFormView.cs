using Kinerja.Engine.Bpmn;

namespace Kinerja.Host.Tasks;

/// <summary>
/// What the task form (<c>Pages/Shared/_TaskForm.cshtml</c>) shows, whether opened from a link or from the inbox: the
/// step's fields, what was entered, the errors by field (<c>""</c> for the form, <c>dokumen</c> for the documents), and
/// whether the last post lost a race with another command and saved nothing.
/// </summary>
public sealed record TaskFormView(
    IReadOnlyList<FormField> Fields,
    IReadOnlyDictionary<string, string?> Values,
    IReadOnlyDictionary<string, string> Errors,
    bool ChangedMeanwhile);
