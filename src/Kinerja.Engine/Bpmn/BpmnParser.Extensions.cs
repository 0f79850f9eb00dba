using System.Globalization;
using System.Xml.Linq;
using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Bpmn;

public sealed partial class BpmnParser
{
    private static readonly HashSet<string> KnownConstraints = ["required", "readonly", "minlength", "maxlength", "min", "max"];

    // By name only: Enum.TryParse would also take numbers and comma lists such as "date,enum".
    private static readonly Dictionary<string, FormFieldType> FormFieldTypes =
        Enum.GetValues<FormFieldType>().ToDictionary(t => t.ToString(), StringComparer.OrdinalIgnoreCase);

    private IReadOnlyList<FormField> ReadForm(XElement? extensions, string taskId)
    {
        var formData = extensions?.Element(Camunda + "formData");
        if (formData is null)
        {
            return [];
        }

        var fields = new List<FormField>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in formData.Elements(Camunda + "formField"))
        {
            var fieldId = Attr(field, "id");
            if (fieldId is null)
            {
                Problem(field, taskId, "A form field has no id.");
                continue;
            }

            if (!seen.Add(fieldId))
            {
                Problem(field, taskId, $"The form field '{fieldId}' appears twice.");
                continue;
            }

            var typeText = Attr(field, "type") ?? "string";
            if (!FormFieldTypes.TryGetValue(typeText, out var type))
            {
                Problem(field, taskId, $"The form field '{fieldId}' has the unknown type '{typeText}'; use string, long, boolean, date or enum.");
                continue;
            }

            var options = field.Elements(Camunda + "value")
                .Select(v => new FormFieldOption(Attr(v, "id") ?? string.Empty, Attr(v, "name") ?? Attr(v, "id") ?? string.Empty))
                .ToList();
            if (type == FormFieldType.Enum && (options.Count == 0 || options.Any(o => o.Id.Length == 0)))
            {
                Problem(field, taskId, $"The enum form field '{fieldId}' needs camunda:value children, each with an id.");
                continue;
            }

            var constraints = ReadConstraints(field, taskId, fieldId);
            if (constraints is null)
            {
                continue;
            }

            fields.Add(new FormField(
                fieldId,
                Attr(field, "label"),
                type,
                Attr(field, "defaultValue"),
                constraints.ContainsKey("required") && constraints["required"] != "false",
                constraints.ContainsKey("readonly") && constraints["readonly"] != "false",
                ParseLong(constraints, "min"),
                ParseLong(constraints, "max"),
                (int?)ParseLong(constraints, "minlength"),
                (int?)ParseLong(constraints, "maxlength"),
                options));
        }

        return fields;
    }

    private Dictionary<string, string>? ReadConstraints(XElement field, string taskId, string fieldId)
    {
        var constraints = new Dictionary<string, string>(StringComparer.Ordinal);
        var valid = true;
        foreach (var constraint in field.Element(Camunda + "validation")?.Elements(Camunda + "constraint") ?? [])
        {
            var name = Attr(constraint, "name") ?? string.Empty;
            var config = Attr(constraint, "config") ?? "true";
            if (!KnownConstraints.Contains(name))
            {
                Problem(constraint, taskId, $"The form field '{fieldId}' has the unknown constraint '{name}'; use required, readonly, minlength, maxlength, min or max.");
                valid = false;
                continue;
            }

            var isNumber = name switch
            {
                "min" or "max" => long.TryParse(config, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
                "minlength" or "maxlength" => int.TryParse(config, NumberStyles.None, CultureInfo.InvariantCulture, out _),
                _ => true,
            };
            if (!isNumber)
            {
                var what = name.EndsWith("length", StringComparison.Ordinal) ? "a length (a whole number from 0)" : "a whole number";
                Problem(constraint, taskId, $"The form field '{fieldId}' constraint '{name}' needs {what}, not '{config}'.");
                valid = false;
                continue;
            }

            constraints[name] = config;
        }

        return valid ? constraints : null;
    }

    private static long? ParseLong(Dictionary<string, string> constraints, string name) =>
        constraints.TryGetValue(name, out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : null;

    private ReminderPolicy? ReadReminderPolicy(XElement? extensions, string taskId)
    {
        var policy = extensions?.Element(Kinerja + "reminderPolicy");
        if (policy is null)
        {
            return null;
        }

        int? percent = null;
        if (Attr(policy, "reminderAtPercent") is { } percentText)
        {
            if (int.TryParse(percentText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 100)
            {
                percent = p;
            }
            else
            {
                Problem(policy, taskId, $"kinerja:reminderPolicy reminderAtPercent is '{percentText}'; it must be a whole number from 1 to 99.");
            }
        }

        IsoDuration? repeat = null;
        if (Attr(policy, "escalationRepeat") is { } repeatText)
        {
            if (IsoDuration.TryParse(repeatText, out var duration, out var error) && !duration.IsZero)
            {
                repeat = duration;
            }
            else
            {
                Problem(policy, taskId, $"kinerja:reminderPolicy escalationRepeat: {error ?? "it must not be zero"}");
            }
        }

        return new ReminderPolicy(
            percent,
            ReadBool(policy, "dueNotice", taskId),
            ReadBool(policy, "escalate", taskId),
            Attr(policy, "escalateTo"),
            repeat);
    }

    private bool? ReadBool(XElement element, string attribute, string id)
    {
        var text = Attr(element, attribute);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Problem(element, id, $"{attribute} is '{text}'; it must be true or false.");
        return null;
    }

    private IReadOnlyList<DocumentRef> ReadDocuments(XElement? extensions, string elementName, string taskId)
    {
        var documents = new List<DocumentRef>();
        foreach (var document in extensions?.Elements(Kinerja + elementName) ?? [])
        {
            var name = Attr(document, "name");
            if (name is null)
            {
                Problem(document, taskId, $"kinerja:{elementName} has no name.");
                continue;
            }

            documents.Add(new DocumentRef(name, Attr(document, "description")));
        }

        return documents;
    }

    private SopHeader? ReadSopHeader(XElement process)
    {
        var header = process.Element(Bpmn + "extensionElements")?.Element(Kinerja + "sopHeader");
        if (header is null)
        {
            return null;
        }

        foreach (var attribute in new[] { "createdOn", "revisedOn", "effectiveOn" })
        {
            var text = Attr(header, attribute);
            if (text is not null && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                Problem(header, (string?)process.Attribute("id"), $"kinerja:sopHeader {attribute} is '{text}'; write dates as yyyy-MM-dd.");
            }
        }

        IReadOnlyList<string> Items(string name) =>
            header.Elements(Kinerja + name).Select(e => e.Value.Trim()).Where(v => v.Length > 0).ToList();

        return new SopHeader(
            Attr(header, "number"),
            Attr(header, "title"),
            Attr(header, "unit"),
            Attr(header, "createdOn"),
            Attr(header, "revisedOn"),
            Attr(header, "effectiveOn"),
            Attr(header, "approvedBy"),
            Items("legalBasis"),
            Items("relatedSop"),
            Items("qualification"),
            Items("equipment"),
            Items("warning"),
            Items("record"));
    }

    private static List<Lane> ReadLanes(XElement process)
    {
        var lanes = new List<Lane>();
        void Walk(XElement laneSet)
        {
            foreach (var lane in laneSet.Elements(Bpmn + "lane"))
            {
                lanes.Add(new Lane(
                    Attr(lane, "id") ?? string.Empty,
                    Attr(lane, "name"),
                    SplitList(Attr(lane, Kinerja + "candidateGroups")),
                    lane.Elements(Bpmn + "flowNodeRef").Select(r => r.Value.Trim()).ToList()));
                if (lane.Element(Bpmn + "childLaneSet") is { } child)
                {
                    Walk(child);
                }
            }
        }

        foreach (var laneSet in process.Elements(Bpmn + "laneSet"))
        {
            Walk(laneSet);
        }

        return lanes;
    }
}
