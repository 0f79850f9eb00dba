using System.Xml.Linq;
using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Bpmn;

public sealed partial class BpmnParser
{
    private UserTask ReadUserTask(XElement element, string id, string? name, SourceLocation location, string? documentation, ProcessDefinition process)
    {
        var assignee = Attr(element, Camunda + "assignee");
        var groups = SplitList(Attr(element, Camunda + "candidateGroups"));
        var users = SplitList(Attr(element, Camunda + "candidateUsers"));
        if (assignee is null && groups.Count == 0 && users.Count == 0)
        {
            // The innermost lane that names a role: a sub-lane without one takes its parent lane's.
            groups = process.Lanes.LastOrDefault(l => l.CandidateGroups.Count > 0 && l.FlowNodeIds.Contains(id))?.CandidateGroups ?? [];
        }

        var extensions = element.Element(Bpmn + "extensionElements");
        return new UserTask
        {
            Id = id,
            Name = name,
            Location = location,
            Documentation = documentation,
            MultiInstance = ReadMultiInstance(element, id),
            DefaultFlowId = Attr(element, "default"),
            TimeStandard = ReadTimeStandard(element, id),
            InputParameters = ReadInputParameters(element, id),
            Assignee = assignee,
            CandidateGroups = groups,
            CandidateUsers = users,
            DueDate = Attr(element, Camunda + "dueDate"),
            FollowUpDate = Attr(element, Camunda + "followUpDate"),
            Form = ReadForm(extensions, id),
            ReminderPolicy = ReadReminderPolicy(extensions, id),
            RequiredInputs = ReadDocuments(extensions, "requiredInput", id),
            OutputDocuments = ReadDocuments(extensions, "outputDocument", id),
        };
    }

    private ServiceTask? ReadServiceTask(XElement element, string id, string? name, SourceLocation location, string? documentation, bool isSend)
    {
        var type = Attr(element, Camunda + "type");
        var topic = Attr(element, Camunda + "topic");
        foreach (var unsupported in new[] { "class", "expression", "delegateExpression" })
        {
            if (Attr(element, Camunda + unsupported) is not null)
            {
                Problem(element, id, $"camunda:{unsupported} is not supported; set camunda:type=\"external\" and camunda:topic to the name of a registered handler.");
                return null;
            }
        }

        if (topic is null || (type is not null && type != "external"))
        {
            Problem(element, id, $"The {(isSend ? "send" : "service")} task names no handler: set camunda:type=\"external\" and camunda:topic (e.g. \"email\").");
            return null;
        }

        return new ServiceTask
        {
            Id = id,
            Name = name,
            Location = location,
            Documentation = documentation,
            MultiInstance = ReadMultiInstance(element, id),
            DefaultFlowId = Attr(element, "default"),
            TimeStandard = ReadTimeStandard(element, id),
            InputParameters = ReadInputParameters(element, id),
            Topic = topic,
            IsSendTask = isSend,
        };
    }

    private ReceiveTask? ReadReceiveTask(XElement element, string id, string? name, SourceLocation location, string? documentation)
    {
        var messageRef = Attr(element, "messageRef");
        if (messageRef is null || !_messageNames.TryGetValue(messageRef, out var messageName))
        {
            Problem(element, id, messageRef is null
                ? "The receive task has no messageRef."
                : $"The receive task refers to message '{messageRef}', which the file does not declare.");
            return null;
        }

        return new ReceiveTask
        {
            Id = id,
            Name = name,
            Location = location,
            Documentation = documentation,
            MultiInstance = ReadMultiInstance(element, id),
            DefaultFlowId = Attr(element, "default"),
            TimeStandard = ReadTimeStandard(element, id),
            MessageName = messageName,
            CorrelationKey = Attr(element, Kinerja + "correlationKey"),
        };
    }

    private SubProcess? ReadSubProcess(XElement element, string id, string? name, SourceLocation location, string? documentation, ProcessDefinition process)
    {
        if (string.Equals((string?)element.Attribute("triggeredByEvent"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Problem(element, id, "Event sub-processes are not supported; use boundary events on an embedded sub-process.");
            return null;
        }

        var subProcess = new SubProcess
        {
            Id = id,
            Name = name,
            Location = location,
            Documentation = documentation,
            MultiInstance = ReadMultiInstance(element, id),
            DefaultFlowId = Attr(element, "default"),
            TimeStandard = ReadTimeStandard(element, id),
        };
        ReadScopeContent(element, subProcess, subProcess.NodeList, subProcess.FlowList, process);
        return subProcess;
    }

    private CallActivity? ReadCallActivity(XElement element, string id, string? name, SourceLocation location, string? documentation)
    {
        var called = Attr(element, "calledElement");
        if (called is null)
        {
            Problem(element, id, "The call activity has no calledElement (the id of the process to call).");
            return null;
        }

        var extensions = element.Element(Bpmn + "extensionElements");
        return new CallActivity
        {
            Id = id,
            Name = name,
            Location = location,
            Documentation = documentation,
            MultiInstance = ReadMultiInstance(element, id),
            DefaultFlowId = Attr(element, "default"),
            TimeStandard = ReadTimeStandard(element, id),
            CalledElement = called,
            InMappings = ReadMappings(extensions, "in", id),
            OutMappings = ReadMappings(extensions, "out", id),
        };
    }

    private IReadOnlyList<VariableMapping> ReadMappings(XElement? extensions, string direction, string id)
    {
        if (extensions is null)
        {
            return [];
        }

        var mappings = new List<VariableMapping>();
        foreach (var mapping in extensions.Elements(Camunda + direction))
        {
            if (Attr(mapping, "businessKey") is not null)
            {
                continue;
            }

            if (Attr(mapping, "variables") == "all")
            {
                mappings.Add(new VariableMapping(true, null, null, null));
                continue;
            }

            var source = Attr(mapping, "source");
            var sourceExpression = Attr(mapping, "sourceExpression");
            var target = Attr(mapping, "target");
            if ((source is null && sourceExpression is null) || target is null)
            {
                Problem(mapping, id, $"camunda:{direction} needs variables=\"all\", or source (or sourceExpression) and target.");
                continue;
            }

            mappings.Add(new VariableMapping(false, source, sourceExpression, target));
        }

        return mappings;
    }

    private MultiInstance? ReadMultiInstance(XElement element, string id)
    {
        if (element.Element(Bpmn + "standardLoopCharacteristics") is { } loop)
        {
            Problem(loop, id, "Standard loops are not supported; use multi-instance over a collection.");
        }

        var mi = element.Element(Bpmn + "multiInstanceLoopCharacteristics");
        if (mi is null)
        {
            return null;
        }

        var collection = Attr(mi, Camunda + "collection");
        var cardinality = mi.Element(Bpmn + "loopCardinality")?.Value.Trim();
        if (collection is null && string.IsNullOrEmpty(cardinality))
        {
            Problem(mi, id, "The multi-instance names neither a collection (camunda:collection) nor a loopCardinality.");
        }

        var elementVariable = Attr(mi, Camunda + "elementVariable");
        if (collection is not null && elementVariable is null)
        {
            Problem(mi, id, "The multi-instance over a collection needs camunda:elementVariable (the name each item gets).");
        }

        var completion = mi.Element(Bpmn + "completionCondition")?.Value.Trim();
        return new MultiInstance(
            string.Equals((string?)mi.Attribute("isSequential"), "true", StringComparison.OrdinalIgnoreCase),
            collection,
            elementVariable,
            string.IsNullOrEmpty(cardinality) ? null : cardinality,
            string.IsNullOrEmpty(completion) ? null : completion);
    }

    private TimeStandard? ReadTimeStandard(XElement element, string id)
    {
        var text = Attr(element, Kinerja + "timeStandard");
        var basis = ReadTimeBasis(element, id, TimeBasis.Working);
        if (text is null || basis is null)
        {
            return null;
        }

        if (!IsoDuration.TryParse(text, out var duration, out var error))
        {
            Problem(element, id, $"kinerja:timeStandard: {error}");
            return null;
        }

        if (basis == TimeBasis.Working && (duration.Years != 0 || duration.Months != 0))
        {
            Problem(element, id, $"kinerja:timeStandard '{text}' counts years or months, which have no working-time meaning; use days (P5D) or mark it kinerja:timeBasis=\"calendar\".");
            return null;
        }

        return new TimeStandard(duration, basis.Value, Attr(element, Kinerja + "calendar"));
    }

    private IReadOnlyList<InputParameter> ReadInputParameters(XElement element, string id)
    {
        var inputOutput = element.Element(Bpmn + "extensionElements")?.Element(Camunda + "inputOutput");
        var parameters = new List<InputParameter>();
        foreach (var output in inputOutput?.Elements(Camunda + "outputParameter") ?? [])
        {
            Problem(output, id, "camunda:outputParameter is not supported; the handler returns the variables to set.");
        }

        foreach (var parameter in inputOutput?.Elements(Camunda + "inputParameter") ?? [])
        {
            var name = Attr(parameter, "name");
            if (name is null || parameter.HasElements)
            {
                Problem(parameter, id, name is null
                    ? "A camunda:inputParameter has no name."
                    : $"The input parameter '{name}' holds a camunda:{parameter.Elements().First().Name.LocalName}; only text or ${{…}} is supported.");
                continue;
            }

            parameters.Add(new InputParameter(name, parameter.Value.Trim()));
        }

        return parameters;
    }

    // Commas inside ${…} belong to the expression, as Camunda reads them: "a, ${f(b, c)}" is two items.
    private static IReadOnlyList<string> SplitList(string? text)
    {
        var items = new List<string>();
        var (depth, start) = (0, 0);
        for (var i = 0; i < (text?.Length ?? 0); i++)
        {
            switch (text![i])
            {
                case '{':
                    depth++;
                    break;
                case '}' when depth > 0:
                    depth--;
                    break;
                case ',' when depth == 0:
                    AddItem(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        AddItem(text?[start..] ?? string.Empty);
        return items;

        void AddItem(string item)
        {
            if (!string.IsNullOrWhiteSpace(item))
            {
                items.Add(item.Trim());
            }
        }
    }
}
