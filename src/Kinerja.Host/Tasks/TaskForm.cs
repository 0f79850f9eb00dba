using System.Text.Json.Nodes;
using Kinerja.Engine.Bpmn;
using Kinerja.Host.Documents;

namespace Kinerja.Host.Tasks;

/// <summary>A task's form as a browser posts it: the fields as typed (to show again) and as the engine takes them, and the files.</summary>
public sealed record TaskForm(Dictionary<string, string?> Values, Dictionary<string, JsonNode?> Data, IReadOnlyList<IncomingDocument> Files)
{
    /// <summary>Reads the step's fields from the posted form; an unticked checkbox is false, an empty field is left out.</summary>
    public static TaskForm Read(IFormCollection form, IReadOnlyList<FormField> fields)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(fields);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var data = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var value = form[field.Id].ToString();
            values[field.Id] = value;
            if (field.Type == FormFieldType.Boolean)
            {
                value = string.IsNullOrEmpty(value) ? "false" : "true";
            }

            if (!string.IsNullOrEmpty(value))
            {
                data[field.Id] = JsonValue.Create(value);
            }
        }

        var files = form.Files
            .Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName))
            .Select(f => new IncomingDocument(f.FileName, f.ContentType, f.Length, f.OpenReadStream))
            .ToList();
        return new TaskForm(values, data, files);
    }
}
