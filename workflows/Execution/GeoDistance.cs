namespace HelperPlatform.Workflows.Execution;

/// <summary>
/// Great-circle distance by the haversine formula on a sphere of the Earth's mean radius. Off by at most
/// about 0.5 % against the ellipsoid, far below any check-in radius's tolerance. Pure, so workflows use it.
/// </summary>
public static class GeoDistance
{
    private const double EarthRadiusMeters = 6_371_008.8;

    public static double Meters(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        var dLatitude = Radians(latitude2 - latitude1);
        var dLongitude = Radians(longitude2 - longitude1);
        var a = Math.Pow(Math.Sin(dLatitude / 2), 2)
            + (Math.Cos(Radians(latitude1)) * Math.Cos(Radians(latitude2)) * Math.Pow(Math.Sin(dLongitude / 2), 2));
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
