using System.Xml;
using System.Xml.Linq;
using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Bpmn;

/// <summary>
/// Reads BPMN 2.0 XML (with the Camunda 7 and Kinerja extensions) into <see cref="ProcessDefinition"/>s.
/// It never throws for what a file holds: every problem becomes a <see cref="BpmnProblem"/>.
/// </summary>
public sealed partial class BpmnParser
{
    private static readonly XNamespace Bpmn = BpmnNamespaces.Bpmn;
    private static readonly XNamespace Camunda = BpmnNamespaces.Camunda;
    private static readonly XNamespace Kinerja = BpmnNamespaces.Kinerja;

    /// <summary>Elements that carry no execution meaning: kept in the file, ignored when running.</summary>
    private static readonly HashSet<string> IgnoredElements =
    [
        "documentation", "extensionElements", "textAnnotation", "association", "group", "dataObject",
        "dataObjectReference", "dataStoreReference", "dataStore", "ioSpecification", "property",
        "dataInputAssociation", "dataOutputAssociation", "incoming", "outgoing", "category",

        // Children of a sub-process that belong to the sub-process itself, read by ReadMultiInstance.
        "multiInstanceLoopCharacteristics", "standardLoopCharacteristics",
    ];

    private readonly List<BpmnProblem> _problems = [];
    private readonly Dictionary<string, string> _messageNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly BpmnParserOptions _options;

    private BpmnParser(BpmnParserOptions options) => _options = options;

    public static BpmnDocument Parse(string xml, BpmnParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        using var reader = new StringReader(xml);
        return new BpmnParser(options ?? BpmnParserOptions.Default).Read(reader);
    }

    public static BpmnDocument Parse(Stream stream, BpmnParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, leaveOpen: true);
        return new BpmnParser(options ?? BpmnParserOptions.Default).Read(reader);
    }

    private BpmnDocument Read(TextReader text)
    {
        XDocument document;
        try
        {
            document = SecureXml.Load(text, _options.MaxCharacters);
        }
        catch (XmlException ex)
        {
            _problems.Add(new BpmnProblem(null, ex.LineNumber, ex.LinePosition, SecureXml.Describe(ex)));
            return new BpmnDocument([], _problems);
        }

        var root = document.Root!;
        if (root.Name != Bpmn + "definitions")
        {
            Problem(root, null, $"The root element is '{root.Name.LocalName}' in namespace '{root.Name.NamespaceName}'; a BPMN file starts with <bpmn:definitions> in namespace {Bpmn.NamespaceName}.");
            return new BpmnDocument([], _problems);
        }

        foreach (var message in root.Elements(Bpmn + "message"))
        {
            var id = RequireId(message);
            if (id is null)
            {
                continue;
            }

            var name = (string?)message.Attribute("name");
            if (string.IsNullOrWhiteSpace(name))
            {
                Problem(message, id, "The message has no name; correlation needs one.");
            }

            _messageNames[id] = name ?? id;
        }

        var processes = new List<ProcessDefinition>();
        foreach (var element in root.Elements(Bpmn + "process"))
        {
            var executable = (string?)element.Attribute("isExecutable");
            if (!string.Equals(executable, "true", StringComparison.OrdinalIgnoreCase))
            {
                // A pool of an outside party drawn for context: kept in the file, not run.
                continue;
            }

            var process = ReadProcess(element);
            if (process is not null)
            {
                processes.Add(process);
            }
        }

        if (processes.Count == 0 && _problems.Count == 0)
        {
            Problem(root, null, "The file has no executable process (a <bpmn:process isExecutable=\"true\">).");
        }

        foreach (var process in processes)
        {
            BpmnValidator.Validate(process, _problems);
        }

        // A stable sort: an element's problems keep the order they were found in.
        var problems = _problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToList();
        return new BpmnDocument(processes, problems);
    }

    private ProcessDefinition? ReadProcess(XElement element)
    {
        var id = RequireId(element);
        if (id is null)
        {
            return null;
        }

        RefuseListeners(element, id);
        var process = new ProcessDefinition
        {
            Id = id,
            Name = (string?)element.Attribute("name"),
            Location = SecureXml.LocationOf(element),
            Header = ReadSopHeader(element),
            Lanes = ReadLanes(element),
        };
        ReadScopeContent(element, process, process.NodeList, process.FlowList, process);
        return process;
    }

    private void ReadScopeContent(
        XElement container, IFlowScope scope, List<FlowNode> nodes, List<SequenceFlow> flows, ProcessDefinition process)
    {
        var boundaries = new List<BoundaryEvent>();
        foreach (var child in container.Elements())
        {
            if (child.Name.Namespace != Bpmn)
            {
                continue;
            }

            var localName = child.Name.LocalName;
            if (localName == "sequenceFlow")
            {
                var flow = ReadSequenceFlow(child);
                if (flow is not null)
                {
                    flows.Add(flow);
                }

                continue;
            }

            if (localName == "laneSet" || IgnoredElements.Contains(localName))
            {
                continue;
            }

            var node = ReadFlowNode(child, process);
            if (node is null)
            {
                continue;
            }

            node.Scope = scope;
            nodes.Add(node);
            process.Index(node);
            if (node is BoundaryEvent boundary)
            {
                boundaries.Add(boundary);
            }
        }

        LinkFlows(scope, nodes, flows);
        foreach (var boundary in boundaries)
        {
            var host = nodes.FirstOrDefault(n => n.Id == boundary.AttachedToId);
            if (host is Activity activity)
            {
                boundary.AttachedTo = activity;
                activity.BoundaryEvents.Add(boundary);
            }
            else
            {
                Problem(boundary, host is null
                    ? $"The boundary event is attached to '{boundary.AttachedToId}', which is not an element of the same process or sub-process."
                    : $"The boundary event is attached to '{boundary.AttachedToId}', which is not an activity.");
            }
        }
    }

    private void LinkFlows(IFlowScope scope, List<FlowNode> nodes, List<SequenceFlow> flows)
    {
        var byId = new Dictionary<string, FlowNode>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            byId.TryAdd(node.Id, node);
        }

        foreach (var flow in flows)
        {
            var source = byId.GetValueOrDefault(flow.SourceId);
            var target = byId.GetValueOrDefault(flow.TargetId);
            if (source is null)
            {
                Problem(flow, $"The sequence flow comes from '{flow.SourceId}', which is not an element of '{scope.Id}'.");
            }

            if (target is null)
            {
                Problem(flow, $"The sequence flow leads to '{flow.TargetId}', which is not an element of '{scope.Id}' (a flow to nowhere).");
            }

            if (source is null || target is null)
            {
                continue;
            }

            flow.Source = source;
            flow.Target = target;
            source.Outgoing.Add(flow);
            target.Incoming.Add(flow);
        }
    }

    private SequenceFlow? ReadSequenceFlow(XElement element)
    {
        var id = RequireId(element);
        if (id is null)
        {
            return null;
        }

        RefuseListeners(element, id);
        var source = (string?)element.Attribute("sourceRef");
        var target = (string?)element.Attribute("targetRef");
        if (string.IsNullOrWhiteSpace(source) || string.IsNullOrWhiteSpace(target))
        {
            Problem(element, id, "The sequence flow needs both sourceRef and targetRef.");
            return null;
        }

        var condition = element.Element(Bpmn + "conditionExpression")?.Value.Trim();
        return new SequenceFlow
        {
            Id = id,
            Name = (string?)element.Attribute("name"),
            SourceId = source,
            TargetId = target,
            Condition = string.IsNullOrEmpty(condition) ? null : condition,
            Location = SecureXml.LocationOf(element),
        };
    }

    private string? RequireId(XElement element)
    {
        var id = (string?)element.Attribute("id");
        if (string.IsNullOrWhiteSpace(id))
        {
            Problem(element, null, $"The <{element.Name.LocalName}> element has no id.");
            return null;
        }

        if (!_ids.Add(id))
        {
            Problem(element, id, $"The id '{id}' is used by more than one element.");
        }

        return id;
    }

    private void Problem(XElement element, string? id, string message)
    {
        var location = SecureXml.LocationOf(element);
        _problems.Add(new BpmnProblem(id, location.Line, location.Column, message));
    }

    private void Problem(FlowNode node, string message) =>
        _problems.Add(new BpmnProblem(node.Id, node.Location.Line, node.Location.Column, message));

    private void Problem(SequenceFlow flow, string message) =>
        _problems.Add(new BpmnProblem(flow.Id, flow.Location.Line, flow.Location.Column, message));

    private TimeBasis? ReadTimeBasis(XElement element, string? id, TimeBasis fallback)
    {
        var text = (string?)element.Attribute(Kinerja + "timeBasis");
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (string.Equals(text, "working", StringComparison.OrdinalIgnoreCase))
        {
            return TimeBasis.Working;
        }

        if (string.Equals(text, "calendar", StringComparison.OrdinalIgnoreCase))
        {
            return TimeBasis.Calendar;
        }

        Problem(element, id, $"kinerja:timeBasis is '{text}'; it must be 'working' or 'calendar'.");
        return null;
    }

    private static string? Attr(XElement element, XName name)
    {
        var value = (string?)element.Attribute(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
