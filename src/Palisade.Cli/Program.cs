using Palisade.Cli;

return await new PalisadeApp(CliEnvironment.FromConsole()).RunAsync(args, CancellationToken.None);
