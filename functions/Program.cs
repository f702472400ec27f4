using Serverless.Functions.Demo;
using Serverless.Functions.Hosting;

if (FunctionsWorker.StartedByHost(args))
{
    // Under the Azure Functions host (or `func start`): the host runs the engine and the triggers.
    try
    {
        await FunctionsWorker.RunAsync(args);
        return 0;
    }
    catch (Microsoft.Extensions.Options.OptionsValidationException refused)
    {
        return Refused(refused);
    }
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
    // A local development token: issue-token --user zhang.wei --role price-office [--hospital H01001] [--region 150100] [--hours 8]
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

    var hospital = options.GetValueOrDefault("--hospital");
    if ((role == Serverless.Functions.Security.Roles.Hospital) != hospital is not null || (hospital is not null && !Serverless.Functions.Security.SignedInHospital.IsWellFormed(hospital)))
    {
        Console.Error.WriteLine("A hospital user needs --hospital with a hospital code (letters, digits, _ and -, at most 32); officials take none.");
        return 2;
    }

    var region = options.GetValueOrDefault("--region");
    if (region is not null && (role != Serverless.Functions.Security.Roles.FinanceOffice || !Serverless.Functions.Security.SignedInRegion.IsWellFormed(region)))
    {
        Console.Error.WriteLine("--region is for a regional finance office only, with a region code (letters, digits, _ and -, at most 32).");
        return 2;
    }

    // The key the app verifies with: Authentication__DevelopmentTokens__SigningKey (or its ':' form) in the environment.
    var key = new ConfigurationBuilder().AddEnvironmentVariables().Build()[AppSettings.TokenSigningKey];
    if ((key?.Trim().Length ?? 0) < Serverless.Functions.Security.SignInOptions.MinimumSigningKeyLength)
    {
        Console.Error.WriteLine($"Set {AppSettings.AsEnvironmentVariable(AppSettings.TokenSigningKey)} to the app's signing key (at least {Serverless.Functions.Security.SignInOptions.MinimumSigningKeyLength} characters; `new-key` makes one).");
        return 2;
    }

    Console.WriteLine(new Serverless.Functions.Security.DevTokens(key!)
        .Issue(options.GetValueOrDefault("--user") ?? "developer", role, hospital, DateTimeOffset.UtcNow.AddHours(hours), region));
    return 0;
}

if (args.Length > 0 && args[0] == "new-key")
{
    // A random signing key for development tokens, to put in Authentication__DevelopmentTokens__SigningKey.
    Console.WriteLine(Serverless.Functions.Security.Secrets.NewKey());
    return 0;
}

if (args.Length > 0 && args[0] == "verify-ledger")
{
    return await Serverless.Functions.ReserveFund.VerifyLedgerCommand.RunAsync(args[1..]);
}

try
{
    var app = await ServerlessApp.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException refused)
{
    return Refused(refused);
}

// A setting that would leave the app open or unusable: say which, and exit before anything has started.
static int Refused(Microsoft.Extensions.Options.OptionsValidationException refused)
{
    Console.Error.WriteLine("The app did not start; fix these settings:");
    foreach (var failure in refused.Failures)
    {
        Console.Error.WriteLine($"  - {failure}");
    }

    return 3;
}
