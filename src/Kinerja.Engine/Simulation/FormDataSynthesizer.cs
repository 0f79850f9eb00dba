using System.Globalization;
using System.Text.Json.Nodes;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Tasks;

namespace Kinerja.Engine.Simulation;

/// <summary>Fills a task's form the way a cooperative officer would: every field with a plausible value of its type.</summary>
internal static class FormDataSynthesizer
{
    private const string Text = "simulasi";
    private const int MaxGeneratedLength = 100_000;

    // A date-only value is read back by the engine as midnight WITA (TimerDates), so it is written in WITA too.
    private static readonly TimeSpan Wita = TimeSpan.FromHours(8);

    public static Dictionary<string, JsonNode?> Synthesize(IReadOnlyList<FormField> form, HumanTask task, DateTimeOffset now)
    {
        var data = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var field in form.Where(f => !f.ReadOnly))
        {
            JsonNode? value = field.Type switch
            {
                FormFieldType.String => JsonValue.Create(TextFor(field)),
                FormFieldType.Long => JsonValue.Create(NumberFor(field)),
                FormFieldType.Boolean => JsonValue.Create(true),
                FormFieldType.Date => JsonValue.Create(
                    (task.DueAt ?? now.AddDays(1)).ToOffset(Wita).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                _ => field.Options.Count > 0 ? JsonValue.Create(field.Options[0].Id) : null,
            };
            if (value is not null)
            {
                data[field.Id] = value;
            }
        }

        return data;
    }

    private static string TextFor(FormField field)
    {
        // A file may ask for any length; beyond this the form is refused with the validator's own message.
        var length = Math.Max(Text.Length, Math.Min(field.MinLength ?? 0, MaxGeneratedLength));
        var text = string.Concat(Enumerable.Repeat(Text + "-", (length / (Text.Length + 1)) + 1))[..length];
        return field.MaxLength is { } max && max >= 0 && text.Length > max ? text[..max] : text;
    }

    private static long NumberFor(FormField field)
    {
        var number = Math.Max(field.Min ?? 1, 1);
        return field.Max is { } max && number > max ? max : number;
    }
}
