using Serverless.Functions.Demo;
using Serverless.Functions.Hosting;

if (FunctionsWorker.StartedByHost(args))
{
    // Under the Azure Functions host (or `func start`): the host runs the engine and the triggers.
    await FunctionsWorker.RunAsync(args);
    return 0;
}

if (args.Length > 0 && args[0] == "demo")
{
    return await DemoCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "templates")
{
    // The empty workbooks clerks fill in with Excel or WPS: bid workbooks for each round and the campaign scope.
    var folder = Directory.CreateDirectory(args.Length > 1 ? args[1] : "templates").FullName;
    var empty = new Serverless.Domain.Bidding.CampaignScope([], [], [], [], []);
    File.WriteAllBytes(Path.Combine(folder, "bid-round-1.xlsx"), Serverless.Spreadsheets.Writing.BiddingWorkbooks.BidTemplate(1));
    File.WriteAllBytes(Path.Combine(folder, "bid-round-2.xlsx"), Serverless.Spreadsheets.Writing.BiddingWorkbooks.BidTemplate(2));
    File.WriteAllBytes(Path.Combine(folder, "campaign-scope.xlsx"), Serverless.Spreadsheets.Writing.BiddingWorkbooks.Scope(empty));
    Console.WriteLine($"Templates written to {folder}");
    return 0;
}

if (args.Length > 0 && args[0] == "issue-token")
{
    // A local development token: issue-token --user zhang.wei --role price-office [--hospital H01001] [--hours 8]
    var options = Enumerable.Range(0, (args.Length - 1) / 2).ToDictionary(i => args[1 + (2 * i)], i => args[2 + (2 * i)]);
    var role = options.GetValueOrDefault("--role") ?? throw new ArgumentException("--role is required: " + string.Join(", ", Serverless.Functions.Security.Roles.All));
    if (!Serverless.Functions.Security.Roles.All.Contains(role))
    {
        Console.Error.WriteLine($"Unknown role {role}; use one of {string.Join(", ", Serverless.Functions.Security.Roles.All)}.");
        return 2;
    }

    var hoursText = options.GetValueOrDefault("--hours") ?? "8";
    if (!double.TryParse(hoursText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var hours) || hours <= 0 || hours > 24 * 31)
    {
        Console.Error.WriteLine($"--hours must be a number of hours between 0 and 744 (31 days), not '{hoursText}'.");
        return 2;
    }

    var key = Environment.GetEnvironmentVariable(AppSettings.TokenSigningKey);
    Console.WriteLine(Serverless.Functions.Security.DevTokens.FromSetting(key)
        .Issue(options.GetValueOrDefault("--user") ?? "developer", role, options.GetValueOrDefault("--hospital"), DateTimeOffset.UtcNow.AddHours(hours)));
    return 0;
}

if (args.Length > 0 && args[0] == "verify-ledger")
{
    return await Serverless.Functions.ReserveFund.VerifyLedgerCommand.RunAsync(args[1..]);
}

var app = await ServerlessApp.BuildAsync(args);
await app.RunAsync();
return 0;
