using Serverless.Reliability.Chaos;

// Figures an auditor can rerun (issue 10): `chaos` kills hosts and restarts storage during a campaign.
return args.Length > 0 && args[0] == "chaos"
    ? await ChaosCommand.RunAsync(args[1..])
    : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Serverless.Reliability -- chaos [--leagues 12] [--hospitals 6] [--items 30] [--kills 20] [--azurite-restarts 2] [--seed 7]");
    return 2;
}
