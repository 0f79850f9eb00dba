using System.Xml.Linq;
using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Bpmn;

public sealed partial class BpmnParser
{
    private static readonly Dictionary<string, string> UnsupportedHints = new(StringComparer.Ordinal)
    {
        ["task"] = "a plain task has nobody to do it; make it a user task (a person) or a service/send task (a handler)",
        ["manualTask"] = "use a user task so the step is tracked",
        ["scriptTask"] = "scripts are not run by this engine; use a service task with a registered handler",
        ["businessRuleTask"] = "use an exclusive gateway with conditions, or a service task",
        ["eventBasedGateway"] = "use a receive task or boundary events instead",
        ["complexGateway"] = "use an inclusive or parallel gateway",
        ["transaction"] = "use an embedded sub-process",
        ["adHocSubProcess"] = "use an embedded sub-process",
        ["intermediateThrowEvent"] = "use a send task",
        ["callConversation"] = "conversations are not executed",
        ["choreographyTask"] = "choreographies are not executed",
    };

    private FlowNode? ReadFlowNode(XElement element, ProcessDefinition process)
    {
        var localName = element.Name.LocalName;
        var id = RequireId(element);
        if (id is null)
        {
            return null;
        }

        var location = SecureXml.LocationOf(element);
        var name = (string?)element.Attribute("name");
        var documentation = element.Element(Bpmn + "documentation")?.Value.Trim();
        RefuseListeners(element, id);

        switch (localName)
        {
            case "startEvent":
                var start = ReadEventDefinition(element, id);
                return new StartEvent
                {
                    Id = id,
                    Name = name,
                    Location = location,
                    Documentation = documentation,
                    Trigger = start.Trigger,
                    Timer = start.Timer,
                    MessageName = start.MessageName,
                };
            case "endEvent":
                return ReadEndEvent(element, id, name, location, documentation);
            case "intermediateCatchEvent":
                var caught = ReadEventDefinition(element, id);
                return new IntermediateCatchEvent
                {
                    Id = id,
                    Name = name,
                    Location = location,
                    Documentation = documentation,
                    Trigger = caught.Trigger,
                    Timer = caught.Timer,
                    MessageName = caught.MessageName,
                    CorrelationKey = Attr(element, Kinerja + "correlationKey"),
                };
            case "boundaryEvent":
                var attachedTo = Attr(element, "attachedToRef");
                if (attachedTo is null)
                {
                    Problem(element, id, "The boundary event has no attachedToRef.");
                    return null;
                }

                var cancel = !string.Equals((string?)element.Attribute("cancelActivity"), "false", StringComparison.OrdinalIgnoreCase);
                var boundary = ReadEventDefinition(element, id);
                return new BoundaryEvent
                {
                    Id = id,
                    Name = name,
                    Location = location,
                    Documentation = documentation,
                    Trigger = boundary.Trigger,
                    Timer = boundary.Timer,
                    MessageName = boundary.MessageName,
                    AttachedToId = attachedTo,
                    CancelActivity = cancel,
                    CorrelationKey = Attr(element, Kinerja + "correlationKey"),
                };
            case "exclusiveGateway":
            case "parallelGateway":
            case "inclusiveGateway":
                return new Gateway
                {
                    Id = id,
                    Name = name,
                    Location = location,
                    Documentation = documentation,
                    Kind = localName switch
                    {
                        "exclusiveGateway" => GatewayKind.Exclusive,
                        "parallelGateway" => GatewayKind.Parallel,
                        _ => GatewayKind.Inclusive,
                    },
                    DefaultFlowId = Attr(element, "default"),
                };
            case "userTask":
                return ReadUserTask(element, id, name, location, documentation, process);
            case "serviceTask":
            case "sendTask":
                return ReadServiceTask(element, id, name, location, documentation, localName == "sendTask");
            case "receiveTask":
                return ReadReceiveTask(element, id, name, location, documentation);
            case "subProcess":
                return ReadSubProcess(element, id, name, location, documentation, process);
            case "callActivity":
                return ReadCallActivity(element, id, name, location, documentation);
            default:
                var hint = UnsupportedHints.TryGetValue(localName, out var h) ? $" ({h})" : string.Empty;
                Problem(element, id, $"The element <bpmn:{localName}> is not supported by this engine{hint}.");
                return null;
        }
    }

    private FlowNode? ReadEndEvent(XElement element, string id, string? name, SourceLocation location, string? documentation)
    {
        var terminate = false;
        foreach (var definition in EventDefinitions(element))
        {
            if (definition.Name.LocalName == "terminateEventDefinition")
            {
                terminate = true;
            }
            else
            {
                Problem(element, id, $"An end event with a {definition.Name.LocalName} is not supported; use a none or terminate end event.");
            }
        }

        return new EndEvent { Id = id, Name = name, Location = location, Documentation = documentation, Terminate = terminate };
    }

    private readonly record struct EventTriggerInfo(EventTrigger Trigger, TimerDefinition? Timer, string? MessageName);

    private EventTriggerInfo ReadEventDefinition(XElement element, string id)
    {
        var definitions = EventDefinitions(element).ToList();
        if (definitions.Count > 1)
        {
            Problem(element, id, "An event with several event definitions is not supported.");
        }

        var definition = definitions.FirstOrDefault();
        switch (definition?.Name.LocalName)
        {
            case null:
                return new EventTriggerInfo(EventTrigger.None, null, null);
            case "timerEventDefinition":
                return new EventTriggerInfo(EventTrigger.Timer, ReadTimer(definition, id), null);
            case "messageEventDefinition":
                var messageRef = Attr(definition, "messageRef");
                if (messageRef is null || !_messageNames.TryGetValue(messageRef, out var messageName))
                {
                    Problem(element, id, messageRef is null
                        ? "The message event has no messageRef."
                        : $"The message event refers to message '{messageRef}', which the file does not declare.");
                    return new EventTriggerInfo(EventTrigger.Message, null, null);
                }

                return new EventTriggerInfo(EventTrigger.Message, null, messageName);
            default:
                Problem(element, id, $"The {definition.Name.LocalName} on this event is not supported; timer and message events are.");
                return new EventTriggerInfo(EventTrigger.None, null, null);
        }
    }

    private static IEnumerable<XElement> EventDefinitions(XElement element) =>
        element.Elements().Where(e => e.Name.Namespace == Bpmn && e.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal));

    private TimerDefinition? ReadTimer(XElement definition, string id)
    {
        var parts = new[] { ("timeDate", TimerKind.Date), ("timeDuration", TimerKind.Duration), ("timeCycle", TimerKind.Cycle) }
            .Select(p => (Element: definition.Element(Bpmn + p.Item1), Kind: p.Item2))
            .Where(p => p.Element is not null)
            .ToList();
        if (parts.Count != 1)
        {
            Problem(definition, id, parts.Count == 0
                ? "The timer has no timeDate, timeDuration or timeCycle."
                : "The timer has more than one of timeDate, timeDuration and timeCycle.");
            return null;
        }

        var text = parts[0].Element!.Value.Trim();
        if (text.Length == 0)
        {
            Problem(definition, id, $"The timer's {parts[0].Element!.Name.LocalName} is empty.");
            return null;
        }

        var basis = ReadTimeBasis(definition, id, TimeBasis.Calendar);
        return basis is null ? null : new TimerDefinition(parts[0].Kind, text, basis.Value, Attr(definition, Kinerja + "calendar"));
    }

    private void RefuseListeners(XElement element, string id)
    {
        var extensions = element.Element(Bpmn + "extensionElements");
        if (extensions is null)
        {
            return;
        }

        foreach (var listener in extensions.Elements().Where(e =>
                     e.Name == Camunda + "executionListener" || e.Name == Camunda + "taskListener"))
        {
            Problem(listener, id, $"camunda:{listener.Name.LocalName} is not supported (listeners would run code this engine does not host); use a service task.");
        }
    }
}
