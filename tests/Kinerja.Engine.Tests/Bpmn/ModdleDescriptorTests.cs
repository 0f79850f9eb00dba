using System.Text.Json;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Bpmn;

/// <summary>The designer edits what the moddle descriptor declares; the engine reads what the parser reads. They must agree.</summary>
public sealed class ModdleDescriptorTests
{
    private static readonly JsonElement Descriptor = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Kinerja.Engine", "Bpmn", "Extensions", "kinerja.moddle.json"))).RootElement;

    private static Dictionary<string, HashSet<string>> Types() =>
        Descriptor.GetProperty("types").EnumerateArray().ToDictionary(
            t => t.GetProperty("name").GetString()!,
            t => t.TryGetProperty("properties", out var properties)
                ? properties.EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToHashSet()
                : []);

    [Fact]
    public void TheNamespace_IsTheOneTheParserReads()
    {
        Assert.Equal(Engine.Bpmn.BpmnNamespaces.Kinerja.NamespaceName, Descriptor.GetProperty("uri").GetString());
        Assert.Equal("kinerja", Descriptor.GetProperty("prefix").GetString());
        Assert.Equal("lowerCase", Descriptor.GetProperty("xml").GetProperty("tagAlias").GetString());
    }

    [Theory]
    [InlineData("TimedActivity", "timeStandard,timeBasis,calendar")]
    [InlineData("WorkingTimeTimer", "timeBasis,calendar")]
    [InlineData("CorrelatedReceiveTask", "correlationKey")]
    [InlineData("CorrelatedCatchEvent", "correlationKey")]
    [InlineData("RoleLane", "candidateGroups")]
    [InlineData("ReminderPolicy", "reminderAtPercent,dueNotice,escalate,escalateTo,escalationRepeat")]
    [InlineData("RequiredInput", "name,description")]
    [InlineData("OutputDocument", "name,description")]
    [InlineData("SopHeader", "number,title,unit,createdOn,revisedOn,effectiveOn,approvedBy,legalBases,relatedSops,qualifications,equipment,warnings,records")]
    [InlineData("LegalBasis", "text")]
    [InlineData("RelatedSop", "text")]
    [InlineData("Qualification", "text")]
    [InlineData("Equipment", "text")]
    [InlineData("Warning", "text")]
    [InlineData("Record", "text")]
    public void EveryAttributeAndElementTheParserReads_IsDeclaredForTheDesigner(string type, string properties)
    {
        var types = Types();
        Assert.True(types.ContainsKey(type), $"The descriptor has no type {type}.");
        Assert.Empty(properties.Split(',').Except(types[type]));
    }
}
