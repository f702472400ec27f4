using Serverless.Reliability.Corpus;

// Reliability checks run against the real app on a private Azurite; each command is one kind of abuse.
return args.FirstOrDefault() switch
{
    "corpus" => await CorpusCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Serverless.Reliability -- corpus [--cases 1000] [--seed 1]");
    return 2;
}
