using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;

namespace Kinerja.Engine.Tests.Execution;

/// <summary>
/// <see cref="ProcessInstance.DeepCopy"/> is what a store hands out instead of parsing the instance again, so the copy must
/// hold everything the instance holds and share nothing that a command may change. Every settable property of the state
/// types is filled here (a property of a type the filler does not know fails the test until it is taught).
/// </summary>
public sealed class DeepCopyTests
{
    [Fact]
    public void Copy_HoldsEveryProperty()
    {
        var instance = Filled<ProcessInstance>();

        var copy = instance.DeepCopy();

        Assert.Equal(EngineJson.Serialize(instance), EngineJson.Serialize(copy));
        Assert.Equal(instance.Revision, copy.Revision);
    }

    [Fact]
    public void Copy_SharesNothingMutable()
    {
        var instance = Filled<ProcessInstance>();

        var copy = instance.DeepCopy();

        AssertNothingShared(instance, copy, "instance");
    }

    [Fact]
    public void ChangingTheCopy_LeavesTheOriginal()
    {
        var instance = Filled<ProcessInstance>();
        var before = EngineJson.Serialize(instance);

        var copy = instance.DeepCopy();
        copy.Variables["k"]!["n"]!.AsArray().Add(3);
        copy.Executions[0].LoopItems![0]!["n"]!.AsArray().Add(4);
        copy.Tasks[0].Context["k"]!["n"]!.AsArray().Add(5);
        copy.Tasks[0].Result!["k"] = "ganti";
        copy.Tasks[0].CandidateGroups.Add("lain");
        copy.Tasks.Add(new HumanTask { Id = "baru" });
        copy.Timers[0].FiredCount++;
        copy.MessageSubscriptions[0].CorrelationKey = "lain";
        copy.Revision++;

        Assert.Equal(before, EngineJson.Serialize(instance));
    }

    private static T Filled<T>()
        where T : new() => (T)Fill(typeof(T), depth: 0);

    private static object Fill(Type type, int depth)
    {
        var value = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            property.SetValue(value, Sample(property.PropertyType, property.Name, depth + 1));
        }

        return value;
    }

    /// <summary>A value of <paramref name="type"/> that is not its default, so a property the copy dropped shows in its JSON.</summary>
    private static object Sample(Type type, string name, int depth)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain == typeof(string))
        {
            return $"{name}-nilai";
        }

        if (plain == typeof(Guid))
        {
            return Guid.Parse("0195f0c2-7d3a-7b00-8000-00000000002a");
        }

        if (plain == typeof(int))
        {
            return 7;
        }

        if (plain == typeof(long))
        {
            return 9L;
        }

        if (plain == typeof(bool))
        {
            return true;
        }

        if (plain == typeof(DateTimeOffset))
        {
            return new DateTimeOffset(2026, 3, 5, 9, 30, 0, TimeSpan.FromHours(8));
        }

        if (plain.IsEnum)
        {
            return Enum.GetValues(plain).Cast<object>().Last();
        }

        if (plain == typeof(Dictionary<string, JsonNode?>))
        {
            return new Dictionary<string, JsonNode?> { ["k"] = SampleNode(), ["kosong"] = null };
        }

        if (plain == typeof(List<JsonNode?>))
        {
            return new List<JsonNode?> { SampleNode(), null };
        }

        if (plain == typeof(List<string>))
        {
            return new List<string> { $"{name}-1", $"{name}-2" };
        }

        if (plain.IsGenericType && plain.GetGenericTypeDefinition() == typeof(List<>) && depth < 4)
        {
            var list = (IList)Activator.CreateInstance(plain)!;
            list.Add(Fill(plain.GetGenericArguments()[0], depth));
            list.Add(Fill(plain.GetGenericArguments()[0], depth));
            return list;
        }

        throw new InvalidOperationException($"The test does not know how to fill {name} ({type}): teach Sample, and DeepCopy if it holds something mutable.");
    }

    private static JsonNode SampleNode() => new JsonObject { ["n"] = new JsonArray(1, "dua"), ["s"] = "teks" };

    private static void AssertNothingShared(object? original, object? copy, string path)
    {
        if (original is null || copy is null)
        {
            Assert.Equal(original is null, copy is null);
            return;
        }

        var type = original.GetType();
        if (type.IsValueType || original is string)
        {
            return;
        }

        Assert.False(ReferenceEquals(original, copy), $"{path} ({type.Name}) is shared between the instance and its copy.");
        switch (original)
        {
            case JsonObject node:
                foreach (var (name, child) in node)
                {
                    AssertNothingShared(child, ((JsonObject)copy)[name], $"{path}.{name}");
                }

                return;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    AssertNothingShared(array[i], ((JsonArray)copy)[i], $"{path}[{i}]");
                }

                return;
            case JsonNode:
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    AssertNothingShared(entry.Value, ((IDictionary)copy)[entry.Key], $"{path}[{entry.Key}]");
                }

                return;
            case IList list:
                Assert.Equal(list.Count, ((IList)copy).Count);
                for (var i = 0; i < list.Count; i++)
                {
                    AssertNothingShared(list[i], ((IList)copy)[i], $"{path}[{i}]");
                }

                return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            AssertNothingShared(property.GetValue(original), property.GetValue(copy), $"{path}.{property.Name}");
        }
    }
}
