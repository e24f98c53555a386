using System.Text.Json.Nodes;

namespace HelperPlatform.OrdersBenchmark;

/// <summary>The service type of docs/service-types.md: pick, match, hand over, check in, two photos, a 10 % quality review.</summary>
internal static class ServiceTypeTree
{
    public const int SamplingPercent = 10;

    /// <summary>Units of the cookie SKU each order's kit takes.</summary>
    public const int UnitsPerOrder = 2;

    public static JsonNode Create(string sku, string skill)
    {
        var tree = JsonNode.Parse("""
            {
              "properties": {
                "description": "A box of fresh cookies delivered and served at the client's office.",
                "currency": "EUR",
                "basePrice": 45.00,
                "surcharges": [ { "id": "weekend", "rule": "weekend", "amount": 10.00 } ],
                "timeZone": "Europe/Berlin",
                "supplies": [],
                "skill": "",
                "workerPayout": 30.00,
                "qualitySamplingPercent": 10,
                "matchingDeadline": "PT4H",
                "offerDeadline": "PT15M"
              },
              "sequence": [
                { "id": "pick", "componentType": "task", "type": "pickSupplies", "name": "Pick the cookie kit", "properties": {} },
                { "id": "match", "componentType": "task", "type": "matchWorker", "name": "Find a worker", "properties": {} },
                { "id": "handover", "componentType": "task", "type": "handOver", "name": "Hand the kit to the worker", "properties": {} },
                { "id": "arrive", "componentType": "task", "type": "checkIn", "name": "Check in on site", "properties": { "radiusMeters": 200 } },
                { "id": "photos", "componentType": "task", "type": "photoReport", "name": "Photos of the served cookies", "properties": { "minPhotos": 2, "maxPhotos": 10 } },
                {
                  "id": "review", "componentType": "switch", "type": "qualityReview", "name": "Quality review",
                  "properties": { "photoReportStepId": "photos" },
                  "branches": { "Pass": [], "Fail": [] }
                }
              ]
            }
            """)!;
        tree["properties"]!["supplies"] = new JsonArray(new JsonObject { ["sku"] = sku, ["quantity"] = UnitsPerOrder });
        tree["properties"]!["skill"] = skill;
        return tree;
    }
}
