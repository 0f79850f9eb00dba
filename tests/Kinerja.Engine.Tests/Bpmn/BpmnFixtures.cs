using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Bpmn;

/// <summary>Definitions shared by the reader's tests and used as seeds by the fuzz test.</summary>
internal static class BpmnFixtures
{
    public const string Messages = """
        <bpmn:message id="Msg_Ditutup" name="PengumpulanDitutup" />
        <bpmn:message id="Msg_Revisi" name="RevisiDiterima" />
        """;

    /// <summary>Every supported element once, with the Camunda and Kinerja attributes the engine reads.</summary>
    public static readonly string AllSupported = BpmnText.Process("""
        <bpmn:extensionElements>
          <kinerja:sopHeader number="061/1/Org/2026" title="SOP Uji" unit="Bagian Organisasi" createdOn="2026-01-02"
                             revisedOn="2026-01-03" effectiveOn="2026-01-04" approvedBy="Kepala Bagian Organisasi">
            <kinerja:legalBasis>Perpres 29/2014</kinerja:legalBasis>
            <kinerja:legalBasis>Permenpan RB 53/2014</kinerja:legalBasis>
            <kinerja:relatedSop>SOP Penyusunan LKjIP</kinerja:relatedSop>
            <kinerja:qualification>Mampu mengoperasikan komputer</kinerja:qualification>
            <kinerja:equipment>ATK</kinerja:equipment>
            <kinerja:equipment>Komputer</kinerja:equipment>
            <kinerja:warning>Data terlambat</kinerja:warning>
            <kinerja:record>Softcopy pada Kasubag</kinerja:record>
          </kinerja:sopHeader>
        </bpmn:extensionElements>
        <bpmn:laneSet id="LaneSet_1">
          <bpmn:lane id="Lane_Kabag" name="Kabag. Organisasi" kinerja:candidateGroups="kabag-organisasi, sekretariat">
            <bpmn:flowNodeRef>start</bpmn:flowNodeRef>
            <bpmn:flowNodeRef>disposisi</bpmn:flowNodeRef>
          </bpmn:lane>
          <bpmn:lane id="Lane_Skpd" name="Operator SKPD" kinerja:candidateGroups="operator-skpd">
            <bpmn:flowNodeRef>isi</bpmn:flowNodeRef>
          </bpmn:lane>
        </bpmn:laneSet>
        <bpmn:startEvent id="start" name="Mulai" />
        <bpmn:startEvent id="start_tanggal">
          <bpmn:timerEventDefinition><bpmn:timeDate>2026-03-02T08:00:00+08:00</bpmn:timeDate></bpmn:timerEventDefinition>
        </bpmn:startEvent>
        <bpmn:startEvent id="start_cron">
          <bpmn:timerEventDefinition><bpmn:timeCycle>0 8 * * MON-FRI</bpmn:timeCycle></bpmn:timerEventDefinition>
        </bpmn:startEvent>
        <bpmn:startEvent id="start_pesan">
          <bpmn:messageEventDefinition messageRef="Msg_Revisi" />
        </bpmn:startEvent>
        <bpmn:userTask id="disposisi" name="Disposisi" kinerja:timeStandard="PT5M">
          <bpmn:documentation>Berikan disposisi.</bpmn:documentation>
          <bpmn:extensionElements>
            <camunda:formData>
              <camunda:formField id="catatan" label="Catatan" type="string">
                <camunda:validation>
                  <camunda:constraint name="required" />
                  <camunda:constraint name="minlength" config="3" />
                  <camunda:constraint name="maxlength" config="200" />
                </camunda:validation>
              </camunda:formField>
              <camunda:formField id="jumlah" type="long" defaultValue="5">
                <camunda:validation>
                  <camunda:constraint name="min" config="1" />
                  <camunda:constraint name="max" config="99" />
                </camunda:validation>
              </camunda:formField>
              <camunda:formField id="setuju" type="boolean">
                <camunda:validation><camunda:constraint name="readonly" /></camunda:validation>
              </camunda:formField>
              <camunda:formField id="tanggal" type="date" />
              <camunda:formField id="jenis" label="Jenis" type="enum">
                <camunda:value id="pk" name="Perjanjian Kinerja" />
                <camunda:value id="lkjip" name="LKjIP" />
              </camunda:formField>
            </camunda:formData>
            <kinerja:reminderPolicy reminderAtPercent="75" dueNotice="false" escalate="true" escalateTo="kabag" escalationRepeat="P1D" />
            <kinerja:requiredInput name="Disposisi" description="Disposisi Kabag" />
            <kinerja:requiredInput name="Data LKjIP" />
            <kinerja:outputDocument name="Dokumen LKjIP" />
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:userTask id="isi" camunda:assignee="${pegawai}" camunda:candidateGroups="skpd:${kodeSkpd}, operator"
                       camunda:candidateUsers="u1,u2" camunda:dueDate="${batas}" camunda:followUpDate="2026-03-31T16:00:00+08:00"
                       kinerja:timeStandard="P5D" kinerja:timeBasis="calendar" kinerja:calendar="buleleng">
          <bpmn:multiInstanceLoopCharacteristics camunda:collection="${skpd}" camunda:elementVariable="kodeSkpd">
            <bpmn:completionCondition>${nrOfCompletedInstances == nrOfInstances}</bpmn:completionCondition>
          </bpmn:multiInstanceLoopCharacteristics>
        </bpmn:userTask>
        <bpmn:boundaryEvent id="b_batas" attachedToRef="isi">
          <bpmn:timerEventDefinition kinerja:timeBasis="working" kinerja:calendar="buleleng">
            <bpmn:timeDuration>PT2H</bpmn:timeDuration>
          </bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="b_ingat" attachedToRef="isi" cancelActivity="false">
          <bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT10M</bpmn:timeCycle></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:exclusiveGateway id="gw_cek" default="f_cek_sub" />
        <bpmn:parallelGateway id="fork" />
        <bpmn:sendTask id="kirim" camunda:type="external" camunda:topic="email">
          <bpmn:extensionElements>
            <camunda:inputOutput>
              <camunda:inputParameter name="to">${email}</camunda:inputParameter>
              <camunda:inputParameter name="subject">Data kinerja</camunda:inputParameter>
            </camunda:inputOutput>
          </bpmn:extensionElements>
        </bpmn:sendTask>
        <bpmn:serviceTask id="hitung" camunda:type="external" camunda:topic="hitung-capaian">
          <bpmn:multiInstanceLoopCharacteristics isSequential="true">
            <bpmn:loopCardinality>3</bpmn:loopCardinality>
          </bpmn:multiInstanceLoopCharacteristics>
        </bpmn:serviceTask>
        <bpmn:parallelGateway id="join" />
        <bpmn:inclusiveGateway id="incl" default="f_incl_tunggu_waktu" />
        <bpmn:receiveTask id="terima" messageRef="Msg_Ditutup" kinerja:correlationKey="${kodeSkpd}" />
        <bpmn:intermediateCatchEvent id="tunggu_waktu">
          <bpmn:timerEventDefinition><bpmn:timeDate>2026-03-31T16:00:00+08:00</bpmn:timeDate></bpmn:timerEventDefinition>
        </bpmn:intermediateCatchEvent>
        <bpmn:inclusiveGateway id="merge" />
        <bpmn:subProcess id="sub">
          <bpmn:startEvent id="sub_start" />
          <bpmn:userTask id="sub_task" camunda:candidateGroups="kasubbag" />
          <bpmn:endEvent id="sub_end" />
          <bpmn:sequenceFlow id="f_sub_1" sourceRef="sub_start" targetRef="sub_task" />
          <bpmn:sequenceFlow id="f_sub_2" sourceRef="sub_task" targetRef="sub_end" />
        </bpmn:subProcess>
        <bpmn:boundaryEvent id="b_tutup" attachedToRef="sub">
          <bpmn:messageEventDefinition messageRef="Msg_Ditutup" />
        </bpmn:boundaryEvent>
        <bpmn:callActivity id="panggil" calledElement="sop-arsip">
          <bpmn:extensionElements>
            <camunda:in variables="all" />
            <camunda:in source="kodeSkpd" target="skpd" />
            <camunda:in sourceExpression="${jumlah * 2}" target="ganda" />
            <camunda:out source="nomorArsip" target="arsip" />
          </bpmn:extensionElements>
        </bpmn:callActivity>
        <bpmn:intermediateCatchEvent id="tunggu_pesan" kinerja:correlationKey="${kodeSkpd}">
          <bpmn:messageEventDefinition messageRef="Msg_Revisi" />
        </bpmn:intermediateCatchEvent>
        <bpmn:endEvent id="end" />
        <bpmn:endEvent id="end_batas"><bpmn:terminateEventDefinition /></bpmn:endEvent>
        <bpmn:endEvent id="end_ingat" />
        <bpmn:endEvent id="end_tutup" />
        <bpmn:sequenceFlow id="f_start" sourceRef="start" targetRef="disposisi" />
        <bpmn:sequenceFlow id="f_start_tanggal" sourceRef="start_tanggal" targetRef="disposisi" />
        <bpmn:sequenceFlow id="f_start_cron" sourceRef="start_cron" targetRef="disposisi" />
        <bpmn:sequenceFlow id="f_start_pesan" sourceRef="start_pesan" targetRef="disposisi" />
        <bpmn:sequenceFlow id="f_disposisi" sourceRef="disposisi" targetRef="isi" />
        <bpmn:sequenceFlow id="f_isi" sourceRef="isi" targetRef="gw_cek" />
        <bpmn:sequenceFlow id="f_cek_fork" sourceRef="gw_cek" targetRef="fork">
          <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${jumlah &gt; 10}</bpmn:conditionExpression>
        </bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="f_cek_sub" sourceRef="gw_cek" targetRef="sub" />
        <bpmn:sequenceFlow id="f_fork_kirim" sourceRef="fork" targetRef="kirim" />
        <bpmn:sequenceFlow id="f_fork_hitung" sourceRef="fork" targetRef="hitung" />
        <bpmn:sequenceFlow id="f_kirim" sourceRef="kirim" targetRef="join" />
        <bpmn:sequenceFlow id="f_hitung" sourceRef="hitung" targetRef="join" />
        <bpmn:sequenceFlow id="f_join" sourceRef="join" targetRef="incl" />
        <bpmn:sequenceFlow id="f_incl_terima" sourceRef="incl" targetRef="terima">
          <bpmn:conditionExpression>${perluTutup}</bpmn:conditionExpression>
        </bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="f_incl_tunggu_waktu" sourceRef="incl" targetRef="tunggu_waktu" />
        <bpmn:sequenceFlow id="f_terima" sourceRef="terima" targetRef="merge" />
        <bpmn:sequenceFlow id="f_tunggu_waktu" sourceRef="tunggu_waktu" targetRef="merge" />
        <bpmn:sequenceFlow id="f_merge" sourceRef="merge" targetRef="sub" />
        <bpmn:sequenceFlow id="f_sub" sourceRef="sub" targetRef="panggil" />
        <bpmn:sequenceFlow id="f_panggil" sourceRef="panggil" targetRef="tunggu_pesan" />
        <bpmn:sequenceFlow id="f_tunggu_pesan" sourceRef="tunggu_pesan" targetRef="end" />
        <bpmn:sequenceFlow id="f_batas" sourceRef="b_batas" targetRef="end_batas" />
        <bpmn:sequenceFlow id="f_ingat" sourceRef="b_ingat" targetRef="end_ingat" />
        <bpmn:sequenceFlow id="f_tutup" sourceRef="b_tutup" targetRef="end_tutup" />
        """, extraDefinitions: Messages);

    /// <summary>
    /// A valid process drawn with everything that has no execution meaning: a collaboration of two pools
    /// with a message flow, annotations, a group, data objects and stores, and the other party's process.
    /// </summary>
    public static readonly string WithIgnoredElements = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          id="defs" targetNamespace="http://kinerja.test">
          <bpmn:collaboration id="Collab">
            <bpmn:participant id="Pool_Org" name="Bagian Organisasi" processRef="p" />
            <bpmn:participant id="Pool_Skpd" name="SKPD" processRef="skpd" />
            <bpmn:messageFlow id="MsgFlow_1" sourceRef="kirim" targetRef="Pool_Skpd" />
            <bpmn:textAnnotation id="CollabNote"><bpmn:text>Antar instansi</bpmn:text></bpmn:textAnnotation>
          </bpmn:collaboration>
          <bpmn:category id="Category_1">
            <bpmn:categoryValue id="CategoryValue_1" value="Tahap pengumpulan" />
          </bpmn:category>
          <bpmn:dataStore id="Arsip" name="Arsip digital" />
          <bpmn:process id="p" isExecutable="true">
            <bpmn:documentation>Proses utama.</bpmn:documentation>
            <bpmn:dataObject id="DataObject_1" />
            <bpmn:dataObjectReference id="DataRef_Lkjip" name="LKjIP" dataObjectRef="DataObject_1" />
            <bpmn:dataStoreReference id="StoreRef_Arsip" dataStoreRef="Arsip" />
            <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:sendTask id="kirim" camunda:type="external" camunda:topic="email">
              <bpmn:documentation>Kirim surat.</bpmn:documentation>
              <bpmn:incoming>f1</bpmn:incoming>
              <bpmn:outgoing>f2</bpmn:outgoing>
              <bpmn:property id="Property_1" name="__targetRef_placeholder" />
              <bpmn:dataInputAssociation id="DataIn_1">
                <bpmn:sourceRef>DataRef_Lkjip</bpmn:sourceRef>
                <bpmn:targetRef>Property_1</bpmn:targetRef>
              </bpmn:dataInputAssociation>
              <bpmn:dataOutputAssociation id="DataOut_1"><bpmn:targetRef>StoreRef_Arsip</bpmn:targetRef></bpmn:dataOutputAssociation>
            </bpmn:sendTask>
            <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="kirim" />
            <bpmn:sequenceFlow id="f2" sourceRef="kirim" targetRef="end" />
            <bpmn:textAnnotation id="Note_1"><bpmn:text>Melalui email dinas</bpmn:text></bpmn:textAnnotation>
            <bpmn:association id="Assoc_1" sourceRef="kirim" targetRef="Note_1" />
            <bpmn:group id="Group_1" categoryValueRef="CategoryValue_1" />
          </bpmn:process>
          <bpmn:process id="skpd" isExecutable="false">
            <bpmn:task id="skpd_task" />
            <bpmn:scriptTask id="skpd_script" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static IReadOnlyList<BpmnProblem> ProblemsOf(string xml) => BpmnParser.Parse(xml).Problems;

    public static ProcessDefinition SingleProcess(string xml)
    {
        var document = BpmnParser.Parse(xml);
        Assert.True(document.IsValid, string.Join(Environment.NewLine, document.Problems));
        return Assert.Single(document.Processes);
    }

    public static string SeedWorkflow => File.ReadAllText(RepoPaths.SeedSop);

    /// <summary>1-based line and column of the '&lt;' that opens the first tag containing <paramref name="fragment"/>, plus one (where XmlReader points: the element's name).</summary>
    public static (int Line, int Column) PositionOf(string xml, string fragment)
    {
        var lines = xml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var at = lines[i].IndexOf(fragment, StringComparison.Ordinal);
            if (at >= 0)
            {
                return (i + 1, lines[i].LastIndexOf('<', at) + 2);
            }
        }

        throw new InvalidOperationException($"'{fragment}' is not in the text.");
    }
}
