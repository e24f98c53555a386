using HelperPlatform.Contractor;

// Standalone: dotnet run --project contractor -- --urls http://127.0.0.1:5090 --Contractor:WebhookSecret <secret>
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var options = configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>() ?? new SimulatorOptions();
if (string.IsNullOrWhiteSpace(options.WebhookSecret))
{
    await Console.Error.WriteLineAsync("Contractor:WebhookSecret is required: the secret both sides sign webhooks with.");
    return 2;
}

options.Urls = configuration["urls"] ?? "http://127.0.0.1:5090";
await using var simulator = await CookieContractorSimulator.StartAsync(options);
Console.WriteLine($"Cookie contractor simulator listens on {simulator.Address}");
await simulator.WaitForShutdownAsync();
return 0;
