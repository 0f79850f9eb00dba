using System.Reflection;
using System.Text.Json;
using Kinerja.Host.Configuration;
using Kinerja.Host.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Kinerja.Host.Tests.Startup;

/// <summary>appsettings.sample.json documents every setting, names none that does not exist, and shows the defaults.</summary>
public sealed class SampleSettingsTests
{
    private static IConfigurationSection Sample() =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.sample.json")).Build().GetSection(KinerjaSettings.Section);

    private static IEnumerable<string> SettingPaths(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var path = prefix + property.Name;
            var isSection = property.PropertyType.IsClass && property.PropertyType != typeof(string) && !property.PropertyType.IsArray;
            if (isSection)
            {
                foreach (var nested in SettingPaths(property.PropertyType, path + ":"))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    [Fact]
    public void TheSample_NamesEverySetting_AndNothingElse()
    {
        var sample = Sample();
        var documented = sample.AsEnumerable(makePathsRelative: true)
            .Where(p => p.Value is not null)
            .Select(p => System.Text.RegularExpressions.Regex.Replace(p.Key, @":\d+$", string.Empty))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var existing = SettingPaths(typeof(KinerjaSettings), string.Empty).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Empty(existing.Except(documented, StringComparer.OrdinalIgnoreCase));
        Assert.Empty(documented.Except(existing, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void TheSamplesValues_AreTheDefaults()
    {
        var bound = Sample().Get<KinerjaSettings>()!;

        Assert.Equal(JsonSerializer.Serialize(new KinerjaSettings()), JsonSerializer.Serialize(bound));
    }
}
