using HelperPlatform.GoldenHat;

// Standalone: dotnet run --project goldenhat -- --urls http://127.0.0.1:5091 --GoldenHat:ApiKey <key> --GoldenHat:WebhookSecret <secret>
//   [--GoldenHat:WebhookUrl http://127.0.0.1:5000/api/invoicing/golden-hat/webhooks]
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var options = configuration.GetSection(GoldenHatOptions.Section).Get<GoldenHatOptions>() ?? new GoldenHatOptions();
if (string.IsNullOrWhiteSpace(options.ApiKey) || string.IsNullOrWhiteSpace(options.WebhookSecret))
{
    await Console.Error.WriteLineAsync("GoldenHat:ApiKey and GoldenHat:WebhookSecret are required: the merchant's API key and the secret webhooks are signed with.");
    return 2;
}

options.Urls = configuration["urls"] ?? "http://127.0.0.1:5091";
using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole());
options.LoggerFactory = loggers;
await using var simulator = await GoldenHatSimulator.StartAsync(options);
Console.WriteLine($"Golden Hat simulator listens on {simulator.Address}");
await simulator.WaitForShutdownAsync();
return 0;
