using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Timers;

namespace Kinerja.Engine.Tasks;

/// <summary>Checks submitted data against a task's form and gives it back typed (long, boolean, ISO date).</summary>
public static class FormValidator
{
    /// <summary>The values to store; throws <see cref="FormValidationException"/> naming each bad field.</summary>
    public static Dictionary<string, JsonNode?> Validate(IReadOnlyList<FormField> form, IReadOnlyDictionary<string, JsonNode?> data)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(data);
        if (form.Count == 0)
        {
            return data.ToDictionary(d => d.Key, d => d.Value?.DeepClone(), StringComparer.Ordinal);
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var unknown in data.Keys.Where(k => form.All(f => f.Id != k)))
        {
            errors[unknown] = "is not a field of this form";
        }

        foreach (var field in form.Where(f => !f.ReadOnly))
        {
            var raw = data.TryGetValue(field.Id, out var given) ? given : null;
            if (IsEmpty(raw))
            {
                if (field.Required)
                {
                    errors[field.Id] = $"'{field.Label ?? field.Id}' is required";
                }
                else if (field.DefaultValue is not null)
                {
                    values[field.Id] = JsonValue.Create(field.DefaultValue);
                }

                continue;
            }

            var (value, error) = Convert(field, raw!);
            if (error is not null)
            {
                errors[field.Id] = error;
            }
            else
            {
                values[field.Id] = value;
            }
        }

        return errors.Count > 0 ? throw new FormValidationException(errors) : values;
    }

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value is JsonValue v && v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s));

    private static (JsonNode? Value, string? Error) Convert(FormField field, JsonNode raw)
    {
        var text = raw is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : null;
        switch (field.Type)
        {
            case FormFieldType.String:
                if (text is null)
                {
                    return (null, "must be text");
                }

                if (field.MinLength is { } min && text.Length < min)
                {
                    return (null, $"must be at least {min} characters");
                }

                return field.MaxLength is { } max && text.Length > max
                    ? (null, $"must be at most {max} characters")
                    : (JsonValue.Create(text), null);
            case FormFieldType.Long:
                long number;
                if (raw.GetValueKind() == JsonValueKind.Number && raw.AsValue().TryGetValue<long>(out var n))
                {
                    number = n;
                }
                else if (text is null || !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
                {
                    return (null, "must be a whole number");
                }

                if (field.Min is { } low && number < low)
                {
                    return (null, $"must be at least {low}");
                }

                return field.Max is { } high && number > high ? (null, $"must be at most {high}") : (JsonValue.Create(number), null);
            case FormFieldType.Boolean:
                if (raw.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    return (JsonValue.Create(raw.GetValue<bool>()), null);
                }

                return text is not null && bool.TryParse(text, out var flag) ? (JsonValue.Create(flag), null) : (null, "must be true or false");
            case FormFieldType.Date:
                if (text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    return (JsonValue.Create(text), null);
                }

                return text is not null && TimerDates.TryParse(text) is { } date
                    ? (JsonValue.Create(date.ToString("o", CultureInfo.InvariantCulture)), null)
                    : (null, "must be a date (yyyy-MM-dd or an ISO 8601 date-time)");
            default:
                return text is not null && field.Options.Any(o => o.Id == text)
                    ? (JsonValue.Create(text), null)
                    : (null, $"must be one of: {string.Join(", ", field.Options.Select(o => o.Id))}");
        }
    }
}
