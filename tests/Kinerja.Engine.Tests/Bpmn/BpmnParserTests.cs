using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Bpmn;

/// <summary>Each supported element read into the model; whole files and positions are in the other part.</summary>
public sealed partial class BpmnParserTests
{
    private static readonly ProcessDefinition All = BpmnFixtures.SingleProcess(BpmnFixtures.AllSupported);

    private static T Node<T>(string id)
        where T : FlowNode => Assert.IsType<T>(All.GetNode(id));

    [Fact]
    public void Parse_ReadsTheSopHeader_WithEveryList()
    {
        var header = Assert.IsType<SopHeader>(All.Header);

        Assert.Equal("061/1/Org/2026", header.Number);
        Assert.Equal("SOP Uji", header.Title);
        Assert.Equal("Bagian Organisasi", header.Unit);
        Assert.Equal(("2026-01-02", "2026-01-03", "2026-01-04"), (header.CreatedOn, header.RevisedOn, header.EffectiveOn));
        Assert.Equal("Kepala Bagian Organisasi", header.ApprovedBy);
        Assert.Equal(["Perpres 29/2014", "Permenpan RB 53/2014"], header.LegalBasis);
        Assert.Equal(["SOP Penyusunan LKjIP"], header.RelatedSops);
        Assert.Equal(["Mampu mengoperasikan komputer"], header.Qualifications);
        Assert.Equal(["ATK", "Komputer"], header.Equipment);
        Assert.Equal(["Data terlambat"], header.Warnings);
        Assert.Equal(["Softcopy pada Kasubag"], header.Records);
    }

    [Fact]
    public void Parse_GivesATaskThatNamesNobody_TheRoleOfItsLane()
    {
        Assert.Equal(["Lane_Kabag", "Lane_Skpd"], All.Lanes.Select(l => l.Id));
        Assert.Equal(["kabag-organisasi", "sekretariat"], All.Lanes[0].CandidateGroups);
        Assert.Equal(["start", "disposisi"], All.Lanes[0].FlowNodeIds);

        var disposisi = Node<UserTask>("disposisi");
        Assert.Null(disposisi.Assignee);
        Assert.Equal(["kabag-organisasi", "sekretariat"], disposisi.CandidateGroups);
    }

    [Fact]
    public void Parse_KeepsTheTasksOwnPeople_OverItsLanesRole()
    {
        var isi = Node<UserTask>("isi");

        Assert.Equal("${pegawai}", isi.Assignee);
        Assert.Equal(["skpd:${kodeSkpd}", "operator"], isi.CandidateGroups);
        Assert.Equal(["u1", "u2"], isi.CandidateUsers);
        Assert.Equal("${batas}", isi.DueDate);
        Assert.Equal("2026-03-31T16:00:00+08:00", isi.FollowUpDate);
    }

    [Fact]
    public void Parse_SplitsPeopleLists_ButNotAtCommasInsideAnExpression()
    {
        var xml = BpmnText.Process($$"""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="t" camunda:candidateGroups="skpd:${kode}, ${atasan(nip, 'kabag')},, kasubbag"
                           camunda:candidateUsers=" u1 ,${[a, b].join(',')}" />
            <bpmn:endEvent id="end" />
            {{BpmnText.Sequence("t")}}
            """);

        var task = Assert.IsType<UserTask>(BpmnFixtures.SingleProcess(xml).GetNode("t"));

        Assert.Equal(["skpd:${kode}", "${atasan(nip, 'kabag')}", "kasubbag"], task.CandidateGroups);
        Assert.Equal(["u1", "${[a, b].join(',')}"], task.CandidateUsers);
    }

    [Fact]
    public void Parse_GivesATaskInASubLaneWithoutARole_TheRoleOfTheParentLane()
    {
        var xml = BpmnText.Process($"""
            <bpmn:laneSet id="ls">
              <bpmn:lane id="Lane_Bagian" kinerja:candidateGroups="bagian-organisasi">
                <bpmn:flowNodeRef>start</bpmn:flowNodeRef><bpmn:flowNodeRef>t</bpmn:flowNodeRef><bpmn:flowNodeRef>end</bpmn:flowNodeRef>
                <bpmn:childLaneSet id="cls">
                  <bpmn:lane id="Lane_Staf"><bpmn:flowNodeRef>t</bpmn:flowNodeRef></bpmn:lane>
                </bpmn:childLaneSet>
              </bpmn:lane>
            </bpmn:laneSet>
            <bpmn:startEvent id="start" /><bpmn:userTask id="t" /><bpmn:endEvent id="end" />
            {BpmnText.Sequence("t")}
            """);

        var process = BpmnFixtures.SingleProcess(xml);

        Assert.Equal(["Lane_Bagian", "Lane_Staf"], process.Lanes.Select(l => l.Id));
        Assert.Equal(["bagian-organisasi"], Assert.IsType<UserTask>(process.GetNode("t")).CandidateGroups);
    }

    [Fact]
    public void Parse_ReadsTheForm_WithTypesConstraintsAndEnumValues()
    {
        var form = Node<UserTask>("disposisi").Form;

        Assert.Equal(["catatan", "jumlah", "setuju", "tanggal", "jenis"], form.Select(f => f.Id));
        Assert.Equal(("Catatan", FormFieldType.String, true, false, 3, 200), (form[0].Label, form[0].Type, form[0].Required, form[0].ReadOnly, form[0].MinLength, form[0].MaxLength));
        Assert.Equal((FormFieldType.Long, "5", 1L, 99L, false), (form[1].Type, form[1].DefaultValue, form[1].Min, form[1].Max, form[1].Required));
        Assert.Equal((FormFieldType.Boolean, true), (form[2].Type, form[2].ReadOnly));
        Assert.Equal(FormFieldType.Date, form[3].Type);
        Assert.Equal(FormFieldType.Enum, form[4].Type);
        Assert.Equal([new FormFieldOption("pk", "Perjanjian Kinerja"), new FormFieldOption("lkjip", "LKjIP")], form[4].Options);
    }

    [Fact]
    public void Parse_ReadsTheReminderPolicy_AndTheRequiredAndOutputDocuments()
    {
        var task = Node<UserTask>("disposisi");

        Assert.Equal(new ReminderPolicy(75, false, true, "kabag", IsoDuration.Parse("P1D")), task.ReminderPolicy);
        Assert.Equal([new DocumentRef("Disposisi", "Disposisi Kabag"), new DocumentRef("Data LKjIP", null)], task.RequiredInputs);
        Assert.Equal([new DocumentRef("Dokumen LKjIP", null)], task.OutputDocuments);
        Assert.Equal("Berikan disposisi.", task.Documentation);
        Assert.Null(Node<UserTask>("isi").ReminderPolicy);
    }

    [Fact]
    public void Parse_ReadsTimeStandards_WithTheirBasisAndCalendar()
    {
        Assert.Equal(new TimeStandard(IsoDuration.Parse("PT5M"), TimeBasis.Working, null), Node<UserTask>("disposisi").TimeStandard);
        Assert.Equal(new TimeStandard(IsoDuration.Parse("P5D"), TimeBasis.Calendar, "buleleng"), Node<UserTask>("isi").TimeStandard);
        Assert.Null(Node<ServiceTask>("hitung").TimeStandard);
    }

    [Fact]
    public void Parse_ReadsNoneTimerAndMessageStartEvents()
    {
        Assert.Equal(EventTrigger.None, Node<StartEvent>("start").Trigger);
        Assert.Equal(new TimerDefinition(TimerKind.Date, "2026-03-02T08:00:00+08:00", TimeBasis.Calendar, null), Node<StartEvent>("start_tanggal").Timer);
        Assert.Equal(new TimerDefinition(TimerKind.Cycle, "0 8 * * MON-FRI", TimeBasis.Calendar, null), Node<StartEvent>("start_cron").Timer);
        var message = Node<StartEvent>("start_pesan");
        Assert.Equal((EventTrigger.Message, "RevisiDiterima"), (message.Trigger, message.MessageName));
    }

    [Fact]
    public void Parse_ReadsNoneAndTerminateEndEvents()
    {
        Assert.False(Node<EndEvent>("end").Terminate);
        Assert.True(Node<EndEvent>("end_batas").Terminate);
    }

    [Fact]
    public void Parse_ReadsTimerBoundaryEvents_InterruptingOrNot()
    {
        var batas = Node<BoundaryEvent>("b_batas");
        var ingat = Node<BoundaryEvent>("b_ingat");
        var isi = Node<UserTask>("isi");

        Assert.Equal(new TimerDefinition(TimerKind.Duration, "PT2H", TimeBasis.Working, "buleleng"), batas.Timer);
        Assert.True(batas.CancelActivity);
        Assert.Equal(new TimerDefinition(TimerKind.Cycle, "R3/PT10M", TimeBasis.Calendar, null), ingat.Timer);
        Assert.False(ingat.CancelActivity);
        Assert.Same(isi, batas.AttachedTo);
        Assert.Equal([batas, ingat], isi.BoundaryEvents);
        Assert.Equal("end_batas", Assert.Single(batas.Outgoing).TargetId);
    }

    [Fact]
    public void Parse_ReadsMessageWaits_WithTheMessageNameAndCorrelationKey()
    {
        var terima = Node<ReceiveTask>("terima");
        var pesan = Node<IntermediateCatchEvent>("tunggu_pesan");
        var tutup = Node<BoundaryEvent>("b_tutup");

        Assert.Equal(("PengumpulanDitutup", "${kodeSkpd}"), (terima.MessageName, terima.CorrelationKey));
        Assert.Equal((EventTrigger.Message, "RevisiDiterima", "${kodeSkpd}"), (pesan.Trigger, pesan.MessageName, pesan.CorrelationKey));
        Assert.Equal((EventTrigger.Message, "PengumpulanDitutup"), (tutup.Trigger, tutup.MessageName));
        Assert.Same(Node<SubProcess>("sub"), tutup.AttachedTo);
    }

    [Fact]
    public void Parse_ReadsAnIntermediateTimerCatch()
    {
        var wait = Node<IntermediateCatchEvent>("tunggu_waktu");

        Assert.Equal(EventTrigger.Timer, wait.Trigger);
        Assert.Equal(new TimerDefinition(TimerKind.Date, "2026-03-31T16:00:00+08:00", TimeBasis.Calendar, null), wait.Timer);
    }

    [Fact]
    public void Parse_ReadsServiceAndSendTasks_WithTheirTopicAndInputParameters()
    {
        var kirim = Node<ServiceTask>("kirim");
        var hitung = Node<ServiceTask>("hitung");

        Assert.Equal(("email", true), (kirim.Topic, kirim.IsSendTask));
        Assert.Equal([new InputParameter("to", "${email}"), new InputParameter("subject", "Data kinerja")], kirim.InputParameters);
        Assert.Equal(("hitung-capaian", false), (hitung.Topic, hitung.IsSendTask));
    }

    [Fact]
    public void Parse_ReadsGateways_WithTheirKindDefaultAndConditions()
    {
        var cek = Node<Gateway>("gw_cek");

        Assert.Equal((GatewayKind.Exclusive, "f_cek_sub"), (cek.Kind, cek.DefaultFlowId));
        Assert.Equal(GatewayKind.Parallel, Node<Gateway>("fork").Kind);
        Assert.Equal((GatewayKind.Inclusive, "f_incl_tunggu_waktu"), (Node<Gateway>("incl").Kind, Node<Gateway>("incl").DefaultFlowId));
        Assert.Equal(["f_cek_fork", "f_cek_sub"], cek.Outgoing.Select(f => f.Id));
        Assert.Equal("${jumlah > 10}", cek.Outgoing[0].Condition);
        Assert.Null(cek.Outgoing[1].Condition);
        Assert.Equal(2, Node<Gateway>("join").Incoming.Count);
    }

    [Fact]
    public void Parse_ReadsMultiInstance_ParallelOverACollectionOrSequentialByCount()
    {
        Assert.Equal(
            new MultiInstance(false, "${skpd}", "kodeSkpd", null, "${nrOfCompletedInstances == nrOfInstances}"),
            Node<UserTask>("isi").MultiInstance);
        Assert.Equal(new MultiInstance(true, null, null, "3", null), Node<ServiceTask>("hitung").MultiInstance);
        Assert.Null(Node<UserTask>("disposisi").MultiInstance);
    }

    [Fact]
    public void Parse_ReadsAnEmbeddedSubProcess_AsAScopeOfItsOwn()
    {
        var sub = Node<SubProcess>("sub");

        Assert.Equal(["sub_start", "sub_task", "sub_end"], sub.Nodes.Select(n => n.Id));
        Assert.Equal(["f_sub_1", "f_sub_2"], sub.Flows.Select(f => f.Id));
        Assert.Same(sub, All.GetNode("sub_task").Scope);
        Assert.Same(All, sub.Scope);
        Assert.DoesNotContain(All.Nodes, n => n.Id == "sub_task");
    }

    [Fact]
    public void Parse_ReadsAMultiInstanceSubProcess_WithoutTakingItsLoopForAnElement()
    {
        var xml = BpmnText.Process($"""
            <bpmn:startEvent id="start" />
            <bpmn:subProcess id="per_skpd">
              <bpmn:multiInstanceLoopCharacteristics camunda:collection="skpd" camunda:elementVariable="kode" />
              <bpmn:startEvent id="s" /><bpmn:userTask id="t" camunda:candidateGroups="skpd:${"${kode}"}" /><bpmn:endEvent id="e" />
              <bpmn:sequenceFlow id="s_t" sourceRef="s" targetRef="t" /><bpmn:sequenceFlow id="t_e" sourceRef="t" targetRef="e" />
            </bpmn:subProcess>
            <bpmn:endEvent id="end" />
            {BpmnText.Sequence("per_skpd")}
            """);

        var sub = Assert.IsType<SubProcess>(BpmnFixtures.SingleProcess(xml).GetNode("per_skpd"));

        Assert.Equal(new MultiInstance(false, "skpd", "kode", null, null), sub.MultiInstance);
        Assert.Equal(["s", "t", "e"], sub.Nodes.Select(n => n.Id));
    }

    [Fact]
    public void Parse_ReadsACallActivity_WithItsInAndOutMappings()
    {
        var call = Node<CallActivity>("panggil");

        Assert.Equal("sop-arsip", call.CalledElement);
        Assert.Equal(
            [new VariableMapping(true, null, null, null), new VariableMapping(false, "kodeSkpd", null, "skpd"), new VariableMapping(false, null, "${jumlah * 2}", "ganda")],
            call.InMappings);
        Assert.Equal([new VariableMapping(false, "nomorArsip", null, "arsip")], call.OutMappings);
    }
}
