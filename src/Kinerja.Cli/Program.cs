using Kinerja.Cli;

return await KinerjaCli.RunAsync(args, Console.Out, Console.Error, TimeProvider.System);
