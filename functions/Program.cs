using Serverless.Functions.Demo;
using Serverless.Functions.Hosting;

if (args.Length > 0 && args[0] == "demo")
{
    return await DemoCommand.RunAsync(args[1..]);
}

var app = await ServerlessApp.BuildAsync(args);
await app.RunAsync();
return 0;
