namespace Kinerja.Cli.Tests.Support;

/// <summary>A temporary folder of definition files for one test class; deleted afterwards.</summary>
internal sealed class TestFiles : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kinerja-cli-tests-").FullName;

    public string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public string PathOf(string name) => Path.Combine(_folder, name);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The repository's own copy of a file, found by walking up to the folder holding Kinerja.Workflows.sln.</summary>
    public static string InRepository(params string[] parts)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Kinerja.Workflows.sln")))
            {
                return Path.Combine([folder.FullName, .. parts]);
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Kinerja.Workflows.sln.");
    }
}
