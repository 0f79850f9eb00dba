namespace Kinerja.Engine.Tests.Support;

/// <summary>Finds files of the repository from the test assembly's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Workflow(string fileName) => Path.Combine(Root, "workflows", fileName);

    public static string SeedSop => Workflow("sop-pengumpulan-data-kinerja.bpmn");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Kinerja.Workflows.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Kinerja.Workflows.sln above {AppContext.BaseDirectory}.");
    }
}
