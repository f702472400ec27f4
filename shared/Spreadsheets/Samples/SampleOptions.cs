namespace Serverless.Spreadsheets.Samples;

/// <summary>
/// The size and messiness of generated sample data: leagues/cities (up to the 12), hospitals per league/city,
/// complex items, the share of bad bid rows, and the share of files with clerk quirks (title row, full-width digits…).
/// </summary>
public sealed record SampleOptions(int Seed = 2027, int Leagues = 12, int HospitalsPerLeague = 10, int Items = 50, double BadRowShare = 0.05, double QuirkShare = 0.3);
