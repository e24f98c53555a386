namespace HelperPlatform.Host.Execution;

public sealed record CheckInBody(double? Latitude, double? Longitude);
