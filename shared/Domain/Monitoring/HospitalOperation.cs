using Serverless.Domain.Bidding;

namespace Serverless.Domain.Monitoring;

/// <summary>A valid row of the 机构运行 sheet: a hospital's 医疗收入, 医疗服务收入 and 个人自付 in the quarter (yuan).</summary>
public sealed record HospitalOperation(HospitalCode Hospital, Yuan MedicalRevenue, Yuan ServiceRevenue, Yuan OutOfPocket);
