using HelperPlatform.DevServer;
using HelperPlatform.DevServer.Hosting;

return await DevServerCommand.RunAsync(args);
