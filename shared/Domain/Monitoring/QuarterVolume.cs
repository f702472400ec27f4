using Serverless.Domain.Bidding;

namespace Serverless.Domain.Monitoring;

/// <summary>A valid row of the 服务量 sheet: a hospital's count of an item in the quarter and the yuan it charged for it.</summary>
public sealed record QuarterVolume(HospitalCode Hospital, ItemCode Item, decimal Volume, Yuan Charged);
