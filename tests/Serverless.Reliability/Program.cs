using Serverless.Reliability.Chaos;
using Serverless.Reliability.Corpus;

// Figures an auditor can rerun (issue 10), each command against the real app on a private Azurite:
// `chaos` kills hosts and restarts storage during a campaign; `corpus` feeds hostile and broken workbooks.
return args.FirstOrDefault() switch
{
    "chaos" => await ChaosCommand.RunAsync(args[1..]),
    "corpus" => await CorpusCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Serverless.Reliability -- chaos [--leagues 12] [--hospitals 6] [--items 30] [--kills 20] [--azurite-restarts 2] [--seed 7] [--runs calm,chaos,three]");
    Console.Error.WriteLine("       dotnet run -c Release --project tests/Serverless.Reliability -- corpus [--cases 1000] [--seed 1]");
    return 2;
}
