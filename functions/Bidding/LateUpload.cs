using Serverless.Domain.Calendar;

namespace Serverless.Functions.Bidding;

/// <summary>The report's reason for a workbook uploaded after its round's deadline, with the times in 北京时间.</summary>
public static class LateUpload
{
    public static (string Zh, string En) Reasons(int round, DateTime deadlineUtc, DateTimeOffset uploadedAt)
    {
        var deadline = ChinaTime.Format(new DateTimeOffset(deadlineUtc, TimeSpan.Zero));
        var uploaded = ChinaTime.Format(uploadedAt);
        return ($"上传于 {uploaded}（北京时间），晚于第 {round} 轮截止时间 {deadline}（北京时间），逾期上传不予受理，原文件已存档",
            $"Uploaded at {uploaded} China time, after round {round} closed at {deadline} China time; the late upload is refused and kept");
    }
}
