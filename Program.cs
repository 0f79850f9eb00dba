using Kinerja.Engine.Bpmn;
var doc = BpmnParser.Parse(File.ReadAllText(args[0]));
foreach (var p in doc.Problems) Console.WriteLine("PROBLEM " + p);
foreach (var proc in doc.Processes)
{
    Console.WriteLine($"process {proc.Id} '{proc.Name}' nodes={proc.Nodes.Count} flows={proc.Flows.Count} lanes={proc.Lanes.Count}");
    var h = proc.Header!;
    Console.WriteLine($"header {h.Number} | {h.Title} | {h.Unit} | created={h.CreatedOn} revised={h.RevisedOn} effective={h.EffectiveOn} | {h.ApprovedBy} | legal={h.LegalBasis.Count} related={h.RelatedSops.Count} qual={h.Qualifications.Count} equip={h.Equipment.Count} warn={h.Warnings.Count} rec={h.Records.Count}");
    foreach (var l in proc.Lanes) Console.WriteLine($"lane {l.Id} [{string.Join(",", l.CandidateGroups)}] {string.Join(",", l.FlowNodeIds)}");
    foreach (var n in proc.Nodes)
    {
        Console.Write($"  {n.GetType().Name} {n.Id}");
        if (n is UserTask t) Console.Write($" groups=[{string.Join(",", t.CandidateGroups)}] due={t.DueDate} form=[{string.Join(",", t.Form.Select(f => f.Id))}] in=[{string.Join(";", t.RequiredInputs.Select(d => d.Name))}] out=[{string.Join(";", t.OutputDocuments.Select(d => d.Name))}] reminder={t.ReminderPolicy}");
        if (n is Activity a) Console.Write($" mi={a.GetType().GetProperty("MultiInstance")?.GetValue(a)} ts={a.GetType().GetProperty("TimeStandard")?.GetValue(a)}");
        if (n is BoundaryEvent b) Console.Write($" attachedTo={b.AttachedToId} message={b.MessageName} cancel={b.CancelActivity}");
        if (n is Gateway g) Console.Write($" default={g.DefaultFlowId}");
        Console.WriteLine();
    }
}
