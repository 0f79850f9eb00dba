using System.Xml.Linq;

namespace Kinerja.Engine.Bpmn;

/// <summary>The XML namespaces a definition is read in.</summary>
public static class BpmnNamespaces
{
    public static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    public static readonly XNamespace Camunda = "http://camunda.org/schema/1.0/bpmn";
    public static readonly XNamespace Kinerja = "https://kinerja-workflows.org/schema/bpmn/1.0";
}
